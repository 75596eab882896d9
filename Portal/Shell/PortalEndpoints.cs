using Portal.Components.Pages.Audit;
using Portal.Components.Pages.Webhooks;
using Portal.Components.Pages.Recordings;
using Portal.Components.Pages.Reports;
using Portal.Components.Pages.Connections;
using Portal.Components.Pages.Sessions;
using Portal.Components.Pages.Sessions.Client;
using Portal.Components.Pages.Staff;

namespace Portal.Shell;

/// <summary>Minimal endpoints of every feature (exports, callbacks, webhooks, streams), one line per feature.</summary>
public static class PortalEndpoints
{
    public static void MapPortalEndpoints(this WebApplication app)
    {
        app.MapAuditEndpoints();
        app.MapWebhooksEndpoints();
        app.MapRecordingsEndpoints();
        app.MapConnectionsEndpoints();
        app.MapSessionsEndpoints();
        app.MapClientRecordingEndpoints();
        app.MapReminderStopEndpoints();
        app.MapStaffEndpoints();
        app.MapReportsEndpoints();
    }
}
