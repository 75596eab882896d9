using Portal.Auth;
using Portal.Core.Features.Outcomes;

namespace Portal.Components.Pages.Reports;

public static class ReportsEndpoints
{
    public static void MapReportsEndpoints(this WebApplication app)
    {
        app.MapGet("/reports/attendance.csv", async (HttpContext http, IAttendanceReport report, DateOnly from, DateOnly to, int? staff, CancellationToken ct) =>
        {
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"attendance-{from:yyyyMMdd}-{to:yyyyMMdd}.csv\"";
            await using var writer = new StreamWriter(http.Response.Body, new System.Text.UTF8Encoding(true));
            await report.WriteCsvAsync(new AttendanceQuery(from, to, staff), writer, ct);
        }).RequireAuthorization(Policies.Director);
    }
}
