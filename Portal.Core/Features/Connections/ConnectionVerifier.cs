using Microsoft.Extensions.Logging;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Connections;

/// <summary>Checks credentials live: a token, its scopes against <see cref="ZoomScopes.Needs"/>, and sample calls.</summary>
public interface IConnectionVerifier
{
    Task<VerificationResult> VerifyAsync(ZoomTarget target, CancellationToken ct = default);
}

public sealed class ConnectionVerifier(IZoomOAuth zoom, IZoomUsers zoomUsers, IZoomAccountReports zoomAccount, TimeProvider clock, ILogger<ConnectionVerifier> logger) : IConnectionVerifier
{
    public async Task<VerificationResult> VerifyAsync(ZoomTarget target, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        ZoomTokenInfo token;
        try
        {
            token = await zoom.GetTokenInfoAsync(target, ct);
        }
        catch (ZoomOAuthException ex)
        {
            logger.LogInformation("Verification of {Key}: Zoom refused the token ({Error})", target.Key, ex.Error);
            return new VerificationResult
            {
                TokenIssued = false, CheckedAt = now, Problem = "Zoom did not issue a token.", Advice = ex.Advice,
                ZoomError = ex.Error, ZoomReason = ex.Reason,
            };
        }
        catch (ZoomApiException ex)
        {
            return new VerificationResult
            {
                TokenIssued = false, CheckedAt = now, Problem = "Zoom did not issue a token.",
                Advice = "Check the Account ID, Client ID and Client Secret, and that the app is activated.", ZoomReason = ex.ZoomMessage,
            };
        }
        catch (Exception ex) when (ex is ZoomUnavailableException or HttpRequestException or TaskCanceledException or ZoomRateLimitException)
        {
            return new VerificationResult
            {
                TokenIssued = false, CheckedAt = now, Problem = "Zoom could not be reached.",
                Advice = "Try again in a few minutes. If it keeps failing, check that the portal's server can reach zoom.us and api.zoom.us.",
                ZoomReason = ex.Message,
            };
        }

        var scopes = ScopeCheck.Evaluate(token.Scopes);
        var accountWide = target is not LinkedAccountTarget linked || linked.AccountWide;
        var result = new VerificationResult { TokenIssued = true, CheckedAt = now, GrantedScopes = token.Scopes, Scopes = scopes, UserLevelOnly = !accountWide };
        result = await CountUsersAsync(target, result, accountWide, ct);
        return accountWide ? await ReadUsageAsync(target, result, ct) : result with { UsageNote = "Licence and storage figures need account-wide permissions." };
    }

    private async Task<VerificationResult> CountUsersAsync(ZoomTarget target, VerificationResult result, bool accountWide, CancellationToken ct)
    {
        if (!accountWide)
        {
            return result with { UserCountNote = "The permissions cover only the user who linked the account." };
        }
        try
        {
            var summary = await zoomUsers.GetUsersSummaryAsync(target, ct);
            return result with { UserCount = summary.Total };
        }
        catch (Exception ex) when (ZoomRefusal.IsZoomFailure(ex))
        {
            logger.LogDebug(ex, "Users summary refused for {Key}; counting active users instead", target.Key);
        }
        try
        {
            await foreach (var page in zoomUsers.ListUsersAsync(target, ZoomUserStatus.Active, ct))
            {
                return result with { UserCount = page.TotalRecords, UserCountNote = "Active users only (the users summary was not available)." };
            }
            return result with { UserCount = 0 };
        }
        catch (Exception ex) when (ZoomRefusal.IsZoomFailure(ex))
        {
            return result with { UserCountNote = "The users could not be counted: " + Describe(ex) };
        }
    }

    private async Task<VerificationResult> ReadUsageAsync(ZoomTarget target, VerificationResult result, CancellationToken ct)
    {
        try
        {
            var usage = await zoomAccount.GetAccountUsageAsync(target, ct);
            string? storage = null;
            if (usage.Storage is { } s)
            {
                storage = s.Unlimited ? $"{Bytes(s.UsedBytes)} of unlimited cloud recording storage used"
                    : $"{Bytes(s.UsedBytes)} of cloud recording storage used (plan storage {Bytes(s.PlanStorageUsage.Bytes)} of {Bytes(s.PlanStorage.Bytes)}, "
                      + $"free storage {Bytes(s.FreeStorageUsage.Bytes)} of {Bytes(s.FreeStorage.Bytes)})";
            }
            var note = usage.FallbackReason is null ? null : "Plan usage was not available; figures come from the users summary. " + usage.FallbackReason;
            return result with
            {
                LicencesPurchased = usage.LicencesPurchased, LicencesAssigned = usage.LicencesAssigned,
                StorageSummary = storage, UsageNote = note,
            };
        }
        catch (Exception ex) when (ZoomRefusal.IsZoomFailure(ex))
        {
            return result with { UsageNote = "Licence and storage figures are not available: " + Describe(ex) };
        }
    }

    private string Describe(Exception ex) => ZoomRefusal.From(ex, clock)?.Text ?? ex.Message;

    internal static string Bytes(long? bytes)
    {
        if (bytes is not { } b)
        {
            return "unknown";
        }
        string[] units = ["bytes", "KB", "MB", "GB", "TB"];
        double value = b;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{b} bytes" : $"{value:0.#} {units[unit]}";
    }
}
