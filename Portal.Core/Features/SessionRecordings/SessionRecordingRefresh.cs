using Portal.Core.Features.Recordings;
using Portal.Core.Zoom;

namespace Portal.Core.Features.SessionRecordings;

/// <summary>Asks Zoom for a session's recordings now, which ties them; says why when it could not.</summary>
public interface ISessionRecordingRefresh
{
    Task<(ZoomRefusal? Zoom, string? Note)> RefreshAsync(long sessionId, CancellationToken ct);
}

/// <summary>The recordings listing of the session's host around its time (it ties every recording it lists).</summary>
internal sealed class ListingRecordingRefresh(IRecordingService recordings) : ISessionRecordingRefresh
{
    public async Task<(ZoomRefusal? Zoom, string? Note)> RefreshAsync(long sessionId, CancellationToken ct)
    {
        try
        {
            return ((await recordings.ListForSessionAsync(sessionId, ct)).Refusal, null);
        }
        catch (RecordingAccessDeniedException e)
        {
            return (null, e.Message);
        }
    }
}
