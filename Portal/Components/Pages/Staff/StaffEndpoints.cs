using Portal.Auth;
using Portal.Core.Features.Staff;

namespace Portal.Components.Pages.Staff;

public static class StaffEndpoints
{
    public static void MapStaffEndpoints(this WebApplication app)
    {
        app.MapGet("/staff/export.csv", async (HttpContext http, IStaffService staff, TimeProvider clock, string? search, MappingStatus? status, int? connection,
            string? role, bool? inactive, CancellationToken ct) =>
        {
            var query = new StaffQuery { Search = search, Status = status, ConnectionId = connection, Role = role, IncludeInactive = inactive ?? false };
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"staff-{clock.GetUtcNow():yyyyMMdd-HHmm}.csv\"";
            await using var writer = new StreamWriter(http.Response.Body, new System.Text.UTF8Encoding(true));
            await StaffCsv.WriteAsync(staff.ExportAsync(query, ct), writer, ct);
        }).RequireAuthorization(Policies.Director);
    }
}
