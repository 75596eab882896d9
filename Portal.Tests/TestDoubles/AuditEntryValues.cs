using Portal.Core.Features.Audit;

namespace Portal.Tests.TestDoubles;

public static class AuditEntryValues
{
    /// <summary>Every value an entry holds, one per line: the old JSON values and each change's before and after.</summary>
    public static string Values(this AuditEntry entry) =>
        string.Join('\n', new[] { entry.OldValue, entry.NewValue }.Concat(entry.Changes.SelectMany(c => new[] { c.Field, c.Before, c.After })).OfType<string>());
}
