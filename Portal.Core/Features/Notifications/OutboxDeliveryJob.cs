using Portal.Core.Jobs;
using Portal.Core.Text;

namespace Portal.Core.Features.Notifications;

/// <summary>Delivers the outbox: messages queued on any instance, and the retries that are due.</summary>
public sealed class OutboxDeliveryJob(IOutboxDelivery delivery) : IPortalJob
{
    public const string JobName = "OutboxDelivery";

    public string Name => JobName;
    public string DefaultSchedule => "00:01:00";
    public bool PerConnection => false;
    public string Description =>
        "Sends the e-mails waiting in the outbox through the mail server (Email:Smtp), and retries those the server did not accept yet.";

    public async Task<string?> RunAsync(JobContext context, CancellationToken ct)
    {
        var report = await delivery.DeliverDueAsync(ct);
        return Summary(report);
    }

    public static string Summary(OutboxDeliveryReport report)
    {
        if (report == OutboxDeliveryReport.None)
        {
            return "Nothing to send.";
        }
        var parts = new List<string>();
        if (report.Sent > 0)
        {
            parts.Add($"sent {Plural.Of(report.Sent, "e-mail")}");
        }
        if (report.Retrying > 0)
        {
            parts.Add($"{Plural.Of(report.Retrying, "e-mail")} to try again later");
        }
        if (report.Failed > 0)
        {
            parts.Add($"{Plural.Of(report.Failed, "e-mail")} failed");
        }
        if (report.NotSent > 0)
        {
            parts.Add($"{Plural.Of(report.NotSent, "e-mail")} kept unsent: no mail server configured");
        }
        var text = string.Join(", ", parts) + ".";
        return char.ToUpperInvariant(text[0]) + text[1..];
    }
}
