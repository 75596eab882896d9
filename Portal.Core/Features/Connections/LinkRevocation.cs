using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Connections;

/// <summary>Gives a linked account's access back to Zoom, within <c>Zoom:Link:RevokeTimeout</c>; never throws for Zoom's sake.</summary>
public sealed class LinkRevocation(IZoomOAuth zoom, IOptions<ZoomLinkOptions> options, ILogger<LinkRevocation> logger)
{
    /// <summary>Null when Zoom confirmed; otherwise what went wrong (never the token).</summary>
    public async Task<string?> TryRevokeAsync(string accessToken, CancellationToken ct)
    {
        var limit = options.Value.RevokeTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(limit);
        try
        {
            await zoom.RevokeAsync(accessToken, timeout.Token);
            return null;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("Zoom did not answer the revoke within {Timeout}", limit);
            return $"Zoom did not answer within {limit.TotalSeconds:0} seconds.";
        }
        catch (Exception ex) when (ZoomRefusal.IsZoomFailure(ex) || ex is InvalidOperationException)
        {
            logger.LogWarning("Zoom refused or did not answer the revoke ({Type})", ex.GetType().Name);
            return ex switch
            {
                ZoomOAuthException o => $"Zoom answered '{o.Error}'{(o.Reason is null ? "" : $": {o.Reason}")}.",
                ZoomApiException a => a.ZoomMessage,
                _ => "Zoom could not be reached.",
            };
        }
    }
}
