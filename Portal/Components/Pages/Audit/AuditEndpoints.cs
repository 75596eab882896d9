using Portal.Auth;
using Portal.Core.Features.Audit;

namespace Portal.Components.Pages.Audit;

public static class AuditEndpoints
{
    public static void MapAuditEndpoints(this WebApplication app)
    {
        app.MapGet("/audit/export.csv", async (HttpContext http, IAuditLog audit, TimeProvider clock, string? actor, string? action, string? target,
            int? connection, string? q, DateOnly? from, DateOnly? to, CancellationToken ct) =>
        {
            var query = new AuditQuery { Actor = actor, Action = action, Target = target, ConnectionId = connection, Search = q, From = from, To = to };
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"audit-{clock.GetUtcNow():yyyyMMdd-HHmm}.csv\"";
            await using var writer = new StreamWriter(http.Response.Body, new System.Text.UTF8Encoding(true));
            await AuditCsv.WriteAsync(audit.ExportAsync(query, ct), writer, ct);
        }).RequireAuthorization(Policies.Director);
    }
}
