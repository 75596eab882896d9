using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Portal.Core.Features.Audit;

public static class AuditCsv
{
    /// <summary>CSV settings for every export: cells a spreadsheet would run as a formula are neutralised.</summary>
    public static readonly CsvConfiguration SafeExport = new(CultureInfo.InvariantCulture)
    {
        InjectionOptions = InjectionOptions.Escape,
    };

    public static async Task WriteAsync(IAsyncEnumerable<AuditEntry> entries, TextWriter writer, CancellationToken ct)
    {
        await using var csv = new CsvWriter(writer, SafeExport, leaveOpen: true);
        foreach (var header in new[] { "When (UTC)", "Who", "Action", "Target", "Old value", "New value", "Target kind", "Target id", "Target name", "Changes", "What happened" })
        {
            csv.WriteField(header);
        }
        await csv.NextRecordAsync();
        await foreach (var e in entries.WithCancellation(ct))
        {
            csv.WriteField(e.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            csv.WriteField(e.Actor);
            csv.WriteField(e.Action);
            csv.WriteField(e.Target);
            csv.WriteField(e.OldValue);
            csv.WriteField(e.NewValue);
            csv.WriteField(e.TargetKind);
            csv.WriteField(e.TargetId);
            csv.WriteField(e.TargetName);
            csv.WriteField(e.Changes.Count == 0 ? null : AuditChange.ToJson(e.Changes));
            csv.WriteField(AuditSentence.Describe(e));
            await csv.NextRecordAsync();
        }
        await csv.FlushAsync();
    }
}
