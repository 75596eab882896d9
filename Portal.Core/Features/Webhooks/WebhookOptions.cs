namespace Portal.Core.Features.Webhooks;

public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>
    /// How long a delivery waits for the database before it is answered 503 (Zoom then sends it again); Zoom counts a
    /// delivery as failed when it gets no answer within 3 seconds.
    /// </summary>
    public TimeSpan StoreTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
