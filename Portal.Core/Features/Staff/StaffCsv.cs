using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Portal.Core.Features.Audit;

namespace Portal.Core.Features.Staff;

public sealed record ImportError(int Line, string Reason);

public sealed record ImportRow(int Line, StaffMemberInput Values, string? ConnectionName, string? Changes = null);

public sealed record ImportDeactivation(int Id, string Name, string Email);

public sealed record ImportPreview(
    IReadOnlyList<ImportRow> Adds,
    IReadOnlyList<ImportRow> Updates,
    IReadOnlyList<ImportDeactivation> Deactivations,
    IReadOnlyList<ImportError> Errors,
    int Unchanged,
    int RowsRead,
    bool DeactivateMissing)
{
    public bool CanConfirm => Errors.Count == 0 && (Adds.Count + Updates.Count + Deactivations.Count) > 0;
}

/// <summary>An existing roster member, as the import compares against it.</summary>
public sealed record RosterEntry(int Id, string Name, string Email, string NormalizedEmail, string Aliases, string StaffRole, bool Active, int? ConnectionId);

public sealed record ConnectionRef(int Id, string Name, string Slug);

/// <summary>Reads and checks a roster CSV without touching the database, and writes the export.</summary>
public static class StaffCsv
{
    public static readonly string[] Columns = ["name", "email", "aliases", "role", "connection", "active"];
    private static readonly string[] s_exportOnly = ["status", "reason", "zoom_email", "zoom_type", "last_sign_in", "checked_at"];

    public static ImportPreview Parse(Stream stream, IReadOnlyList<RosterEntry> roster, IReadOnlyList<ConnectionRef> connections, bool deactivateMissing)
    {
        using var reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            IgnoreBlankLines = true,
            TrimOptions = TrimOptions.Trim,
            BadDataFound = null,
            MissingFieldFound = null,
            DetectDelimiter = false,
        };
        using var csv = new CsvReader(reader, config);
        var errors = new List<ImportError>();

        if (!csv.Read())
        {
            return Rejected(new ImportError(1, $"The file is empty. The first line must be the header: {string.Join(',', Columns)}."), deactivateMissing);
        }
        var header = Enumerable.Range(0, csv.Parser.Count).Select(i => (csv.Parser[i] ?? "").Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToList();
        var index = new Dictionary<string, int>();
        for (var i = 0; i < header.Count; i++)
        {
            var h = header[i];
            if (Columns.Contains(h))
            {
                if (!index.TryAdd(h, i))
                {
                    errors.Add(new ImportError(1, $"The header has column '{h}' twice."));
                }
            }
            else if (!s_exportOnly.Contains(h))
            {
                errors.Add(new ImportError(1, h.Length == 0
                    ? $"The header has an empty column name at position {i + 1}."
                    : $"Unknown column '{h}'. Expected header: {string.Join(',', Columns)}."));
            }
        }
        foreach (var required in new[] { "name", "email" })
        {
            if (!index.ContainsKey(required))
            {
                errors.Add(new ImportError(1, $"The header lacks the column '{required}'. Expected header: {string.Join(',', Columns)}."));
            }
        }
        if (errors.Count > 0)
        {
            return new ImportPreview([], [], [], errors, 0, 0, deactivateMissing);
        }

        var byEmail = roster.ToDictionary(r => r.NormalizedEmail, StringComparer.Ordinal);
        var owners = new Dictionary<string, RosterEntry>(StringComparer.Ordinal);
        foreach (var r in roster)
        {
            foreach (var a in StaffMatcher.ParseAliases(r.Aliases))
            {
                owners.TryAdd(a, r);
            }
            owners[r.NormalizedEmail] = r;
        }
        var connectionByKey = new Dictionary<string, ConnectionRef>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in connections)
        {
            connectionByKey.TryAdd(c.Name.Trim(), c);
            connectionByKey.TryAdd(c.Slug, c);
        }
        ConnectionRef? defaultConnection = connections.Count == 1 ? connections[0] : null;

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var adds = new List<ImportRow>();
        var updates = new List<ImportRow>();
        var inFile = new HashSet<int>();
        var unchanged = 0;
        var rows = 0;
        while (csv.Read())
        {
            var line = csv.Parser.RawRow;
            rows++;
            string Field(string name) => index.TryGetValue(name, out var i) && i < csv.Parser.Count ? (csv.Parser[i] ?? "").Trim() : "";

            if (csv.Parser.Count != header.Count)
            {
                errors.Add(new ImportError(line, $"Has {csv.Parser.Count} fields, but the header has {header.Count} (a comma inside a value needs quotes)."));
                continue;
            }
            var rowErrors = new List<string>();
            var name = Field("name");
            var email = Field("email");
            var aliasText = Field("aliases");
            var role = Field("role");
            var connectionText = Field("connection");
            var activeText = Field("active");

            if (name.Length == 0)
            {
                rowErrors.Add("the name is empty");
            }
            else if (name.Length > 200)
            {
                rowErrors.Add("bad value in 'name': longer than 200 characters");
            }
            if (!StaffRules.IsValidEmail(email))
            {
                rowErrors.Add(email.Length == 0 ? "the e-mail is empty" : $"invalid e-mail '{email}'");
            }
            var aliases = StaffMatcher.ParseAliases(aliasText);
            foreach (var bad in aliases.Where(a => !StaffRules.IsValidEmail(a)))
            {
                rowErrors.Add($"invalid alias '{bad}'");
            }
            if (role.Length > 50)
            {
                rowErrors.Add("bad value in 'role': longer than 50 characters");
            }
            bool? active = activeText.ToLowerInvariant() switch
            {
                "" or "true" or "yes" or "y" or "1" => true,
                "false" or "no" or "n" or "0" => false,
                _ => null,
            };
            if (active is null)
            {
                rowErrors.Add($"bad value '{activeText}' in 'active' (use true/false, yes/no or 1/0)");
            }
            ConnectionRef? connection = defaultConnection;
            if (connectionText.Length > 0 && !connectionByKey.TryGetValue(connectionText, out connection))
            {
                rowErrors.Add(connections.Count == 0
                    ? $"unknown connection '{connectionText}' (no Zoom connection exists yet; leave it empty)"
                    : $"unknown connection '{connectionText}' (known: {string.Join(", ", connections.Select(c => c.Name))})");
            }

            var normalized = StaffRules.IsValidEmail(email) ? StaffMatcher.Normalize(email) : null;
            if (normalized is not null)
            {
                var addresses = aliases.Where(a => a != normalized).Prepend(normalized).ToList();
                foreach (var address in addresses)
                {
                    if (seen.TryGetValue(address, out var earlier))
                    {
                        rowErrors.Add($"duplicate in the file: {address} is already on line {earlier}");
                    }
                }
                byEmail.TryGetValue(normalized, out var existingMember);
                foreach (var address in addresses)
                {
                    if (owners.TryGetValue(address, out var owner) && owner.Id != existingMember?.Id)
                    {
                        rowErrors.Add($"{address} already belongs to {owner.Name} ({owner.Email}) on the roster");
                    }
                }
                foreach (var address in addresses)
                {
                    seen.TryAdd(address, line);
                }
            }

            if (rowErrors.Count > 0)
            {
                errors.Add(new ImportError(line, Capitalise(string.Join("; ", rowErrors)) + "."));
                continue;
            }

            var input = new StaffMemberInput
            {
                Name = name,
                Email = email,
                Aliases = string.Join(';', aliases.Where(a => a != normalized)),
                StaffRole = role.Length == 0 ? "Tutor" : role,
                Active = active!.Value,
                ConnectionId = connection?.Id,
            };
            if (byEmail.TryGetValue(normalized!, out var existing))
            {
                inFile.Add(existing.Id);
                input.Id = existing.Id;
                if (connectionText.Length == 0)
                {
                    input.ConnectionId = existing.ConnectionId ?? input.ConnectionId;
                }
                if (role.Length == 0)
                {
                    input.StaffRole = existing.StaffRole;
                }
                var changes = Describe(existing, input, connections);
                if (changes.Length == 0)
                {
                    unchanged++;
                }
                else
                {
                    updates.Add(new ImportRow(line, input, NameOf(input.ConnectionId, connections), changes));
                }
            }
            else
            {
                adds.Add(new ImportRow(line, input, NameOf(input.ConnectionId, connections)));
            }
        }

        if (rows == 0 && errors.Count == 0)
        {
            errors.Add(new ImportError(1, "The file has a header but no rows."));
        }
        var deactivations = deactivateMissing
            ? roster.Where(r => r.Active && !inFile.Contains(r.Id)).Select(r => new ImportDeactivation(r.Id, r.Name, r.Email)).ToList()
            : [];
        return new ImportPreview(adds, updates, deactivations, errors, unchanged, rows, deactivateMissing);
    }

    private static ImportPreview Rejected(ImportError error, bool deactivateMissing) => new([], [], [], [error], 0, 0, deactivateMissing);

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string? NameOf(int? connectionId, IReadOnlyList<ConnectionRef> connections) =>
        connections.FirstOrDefault(c => c.Id == connectionId)?.Name;

    private static string Describe(RosterEntry e, StaffMemberInput n, IReadOnlyList<ConnectionRef> connections)
    {
        var parts = new List<string>();
        if (e.Name != n.Name)
        {
            parts.Add($"name {e.Name} → {n.Name}");
        }
        if (e.Email != n.Email)
        {
            parts.Add($"e-mail {e.Email} → {n.Email}");
        }
        if (!StaffMatcher.ParseAliases(e.Aliases).SequenceEqual(StaffMatcher.ParseAliases(n.Aliases)))
        {
            parts.Add($"aliases '{e.Aliases}' → '{n.Aliases}'");
        }
        if (e.StaffRole != n.StaffRole)
        {
            parts.Add($"role {e.StaffRole} → {n.StaffRole}");
        }
        if (e.ConnectionId != n.ConnectionId)
        {
            parts.Add($"connection {NameOf(e.ConnectionId, connections) ?? "none"} → {NameOf(n.ConnectionId, connections) ?? "none"}");
        }
        if (e.Active != n.Active)
        {
            parts.Add(n.Active ? "reactivated" : "deactivated");
        }
        return string.Join("; ", parts);
    }

    public sealed record ExportRow(string Name, string Email, string Aliases, string Role, string? Connection, bool Active,
        MappingStatus? Status, string? Reason, string? ZoomEmail, int? ZoomType, DateTimeOffset? LastSignIn, DateTimeOffset? CheckedAt);

    public static async Task WriteAsync(IAsyncEnumerable<ExportRow> rows, TextWriter writer, CancellationToken ct)
    {
        await using var csv = new CsvWriter(writer, AuditCsv.SafeExport, leaveOpen: true);
        foreach (var h in Columns.Concat(s_exportOnly))
        {
            csv.WriteField(h);
        }
        await csv.NextRecordAsync();
        await foreach (var r in rows.WithCancellation(ct))
        {
            csv.WriteField(r.Name);
            csv.WriteField(r.Email);
            csv.WriteField(r.Aliases);
            csv.WriteField(r.Role);
            csv.WriteField(r.Connection ?? "");
            csv.WriteField(r.Active ? "true" : "false");
            csv.WriteField(r.Status is { } s ? MappingTexts.Label(s) : "");
            csv.WriteField(r.Reason ?? "");
            csv.WriteField(r.ZoomEmail ?? "");
            csv.WriteField(r.ZoomType?.ToString(CultureInfo.InvariantCulture) ?? "");
            csv.WriteField(r.LastSignIn?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "");
            csv.WriteField(r.CheckedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "");
            await csv.NextRecordAsync();
        }
        await csv.FlushAsync();
    }
}
