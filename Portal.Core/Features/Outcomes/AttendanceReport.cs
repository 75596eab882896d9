using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Sessions;
using Portal.Core.Identity;

namespace Portal.Core.Features.Outcomes;

/// <summary>Sessions starting from <see cref="From"/> to <see cref="To"/> (UTC days, both included).</summary>
public sealed record AttendanceQuery(DateOnly From, DateOnly To, int? StaffMemberId = null, int? ConnectionId = null);

public sealed record AttendanceRowTotals(int StaffMemberId, string StaffName, int Sessions, int Held, int HostDidNotCome, int ClientDidNotCome,
    int NotStarted, int Pending, int HeldMinutes)
{
    public int NoShows => HostDidNotCome + ClientDidNotCome;
}

public sealed record AttendanceReportResult(IReadOnlyList<AttendanceRowTotals> Rows)
{
    public int Sessions => Rows.Sum(r => r.Sessions);
    public int Held => Rows.Sum(r => r.Held);
    public int NoShows => Rows.Sum(r => r.NoShows);
    public int HeldMinutes => Rows.Sum(r => r.HeldMinutes);
}

/// <summary>This week's figures for the directors' home page.</summary>
public sealed record WeekOutcomes(int Held, int HostDidNotCome, int ClientDidNotCome, int Sessions);

public interface IAttendanceReport
{
    /// <summary>Directors: held and no-show counts and held minutes per staff member (cancelled sessions are not counted).</summary>
    Task<AttendanceReportResult> RunAsync(AttendanceQuery query, CancellationToken ct = default);

    Task WriteCsvAsync(AttendanceQuery query, TextWriter writer, CancellationToken ct = default);

    /// <summary>Directors: sessions of the current week (Monday to Sunday, UTC) held and missed.</summary>
    Task<WeekOutcomes> ThisWeekAsync(CancellationToken ct = default);
}

public sealed class AttendanceReport(IDbContextFactory<PortalDbContext> dbFactory, ICurrentActor currentActor, TimeProvider clock) : IAttendanceReport
{
    private const string DirectorsOnly = "Only directors and administrators can see the attendance report.";

    public async Task<AttendanceReportResult> RunAsync(AttendanceQuery query, CancellationToken ct = default)
    {
        await currentActor.RequireDirectorAsync(DirectorsOnly);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var from = new DateTimeOffset(query.From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var to = new DateTimeOffset(query.To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var sessions = db.Sessions.AsNoTracking().Where(s => s.State == SessionState.Scheduled && s.StartsAt >= from && s.StartsAt < to);
        if (query.StaffMemberId is { } staffId)
        {
            sessions = sessions.Where(s => s.StaffMemberId == staffId);
        }
        if (query.ConnectionId is { } connectionId)
        {
            sessions = sessions.Where(s => s.ConnectionId == connectionId);
        }
        // One grouped query: each session with its shown status (a correction wins) and minutes.
        var grouped = await (
            from s in sessions
            join o in db.SessionOutcomes on s.Id equals o.SessionId into outcomes
            from o in outcomes.DefaultIfEmpty()
            let status = o == null ? OutcomeStatus.Pending : (o.CorrectedStatus ?? o.Status)
            group new { status, Minutes = o == null ? 0 : o.HeldMinutes } by s.StaffMemberId into g
            select new
            {
                StaffMemberId = g.Key,
                Sessions = g.Count(),
                Held = g.Sum(x => x.status == OutcomeStatus.Held ? 1 : 0),
                HostDidNotCome = g.Sum(x => x.status == OutcomeStatus.HostDidNotCome ? 1 : 0),
                ClientDidNotCome = g.Sum(x => x.status == OutcomeStatus.ClientDidNotCome ? 1 : 0),
                NotStarted = g.Sum(x => x.status == OutcomeStatus.NotStarted ? 1 : 0),
                Pending = g.Sum(x => x.status == OutcomeStatus.Pending ? 1 : 0),
                HeldMinutes = g.Sum(x => x.status == OutcomeStatus.Held ? x.Minutes : 0),
            }).ToListAsync(ct);
        var ids = grouped.Select(g => g.StaffMemberId).ToList();
        var names = await db.StaffMembers.AsNoTracking().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
        return new AttendanceReportResult(grouped
            .Select(g => new AttendanceRowTotals(g.StaffMemberId, names.GetValueOrDefault(g.StaffMemberId, "(removed)"), g.Sessions, g.Held, g.HostDidNotCome,
                g.ClientDidNotCome, g.NotStarted, g.Pending, g.HeldMinutes))
            .OrderBy(r => r.StaffName, StringComparer.CurrentCultureIgnoreCase).ToList());
    }

    public async Task WriteCsvAsync(AttendanceQuery query, TextWriter writer, CancellationToken ct = default)
    {
        var report = await RunAsync(query, ct);
        await using var csv = new CsvWriter(writer, AuditCsv.SafeExport, leaveOpen: true);
        foreach (var header in new[] { "Staff member", "From", "To", "Sessions", "Held", "Host did not come", "Client did not come", "Not started", "Pending", "Held minutes" })
        {
            csv.WriteField(header);
        }
        await csv.NextRecordAsync();
        foreach (var r in report.Rows)
        {
            csv.WriteField(r.StaffName);
            csv.WriteField(query.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            csv.WriteField(query.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            foreach (var n in new[] { r.Sessions, r.Held, r.HostDidNotCome, r.ClientDidNotCome, r.NotStarted, r.Pending, r.HeldMinutes })
            {
                csv.WriteField(n);
            }
            await csv.NextRecordAsync();
        }
        await csv.FlushAsync();
    }

    public async Task<WeekOutcomes> ThisWeekAsync(CancellationToken ct = default)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var report = await RunAsync(new AttendanceQuery(monday, monday.AddDays(6)), ct);
        return new WeekOutcomes(report.Held, report.Rows.Sum(r => r.HostDidNotCome), report.Rows.Sum(r => r.ClientDidNotCome), report.Sessions);
    }
}
