using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using static Portal.ZoomSandbox.Endpoints.SandboxHttp;

namespace Portal.ZoomSandbox.Endpoints;

internal static class OAuthEndpoints
{
    public static void Map(RouteGroupBuilder root)
    {
        root.MapPost("/oauth/token", (Delegate)TokenAsync);
        root.MapPost("/oauth/revoke", (Delegate)RevokeAsync);
        root.MapGet("/oauth/authorize", (Delegate)AuthorizePage);
        root.MapPost("/oauth/authorize", (Delegate)AuthorizeDecisionAsync);
    }

    private static async Task<string?> ParamAsync(HttpContext http, string name)
    {
        var q = http.Request.Query[name].ToString();
        if (!string.IsNullOrEmpty(q))
        {
            return q;
        }
        if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            var f = form[name].ToString();
            if (!string.IsNullOrEmpty(f))
            {
                return f;
            }
        }
        return null;
    }

    private static SandboxApp? BasicClient(HttpContext http, SandboxState state)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return null;
        }
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return null;
        }
        var (id, secret) = (decoded[..colon], decoded[(colon + 1)..]);
        lock (state.Gate)
        {
            return state.Apps.TryGetValue(id, out var app)
                && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(app.ClientSecret), Encoding.UTF8.GetBytes(secret))
                ? app
                : null;
        }
    }

    private static async Task<IResult> TokenAsync(HttpContext http)
    {
        var control = http.RequestServices.GetRequiredService<ZoomSandboxControl>();
        var state = control.State;
        control.Count("POST", "/oauth/token");
        lock (state.Gate)
        {
            state.TokenRequests++;
        }
        var (latency, fault) = control.NextFault("POST", http.Request.Path.Value ?? "");
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, http.RequestAborted);
        }
        if (fault is not null)
        {
            return Error(fault.StatusCode, fault.Code, fault.Message);
        }
        var grant = await ParamAsync(http, "grant_type");
        var app = BasicClient(http, state);
        if (app is null)
        {
            return OAuthError(400, "invalid_client", "Invalid client_id or client_secret");
        }
        return grant switch
        {
            "account_credentials" => await AccountCredentialsAsync(http, control, app),
            "authorization_code" => await AuthorizationCodeAsync(http, control, app),
            "refresh_token" => await RefreshAsync(http, control, app),
            _ => OAuthError(400, "unsupported_grant_type", "unsupported grant type"),
        };
    }

    private static async Task<IResult> AccountCredentialsAsync(HttpContext http, ZoomSandboxControl control, SandboxApp app)
    {
        var accountId = await ParamAsync(http, "account_id");
        var state = control.State;
        lock (state.Gate)
        {
            if (string.IsNullOrEmpty(accountId) || state.FindAccount(accountId) is null)
            {
                return OAuthError(400, "invalid_request", "Invalid account_id");
            }
            if (app.Kind != AppKind.ServerToServer)
            {
                return OAuthError(400, "unsupported_grant_type", "unsupported grant type");
            }
            if (app.AccountId != accountId)
            {
                return OAuthError(400, "invalid_client", "Invalid client_id or client_secret");
            }
            var token = Issue(control, app.ClientId, accountId, null, app.Scopes);
            return Ok(new
            {
                access_token = token.Value,
                token_type = "bearer",
                expires_in = (int)Math.Max(0, (token.ExpiresAt - control.Now).TotalSeconds),
                scope = string.Join(' ', app.Scopes),
                api_url = BaseUrl(http),
            });
        }
    }

    private static async Task<IResult> AuthorizationCodeAsync(HttpContext http, ZoomSandboxControl control, SandboxApp app)
    {
        var code = await ParamAsync(http, "code");
        var redirectUri = await ParamAsync(http, "redirect_uri");
        var verifier = await ParamAsync(http, "code_verifier");
        var state = control.State;
        lock (state.Gate)
        {
            if (app.Kind != AppKind.OAuth)
            {
                return OAuthError(400, "unsupported_grant_type", "unsupported grant type");
            }
            if (code is null || !state.Codes.TryGetValue(code, out var entry) || entry.ClientId != app.ClientId)
            {
                return OAuthError(400, "invalid_request", "Invalid authorization code " + (code is null ? "" : "(unknown)"));
            }
            if (entry.Used || entry.ExpiresAt <= control.Now)
            {
                return OAuthError(400, "invalid_grant", "Invalid Token!");
            }
            if (!string.Equals(entry.RedirectUri, redirectUri, StringComparison.Ordinal))
            {
                return OAuthError(400, "invalid_request", "Redirect URI mismatch.");
            }
            if (entry.CodeChallenge is not null)
            {
                if (string.IsNullOrEmpty(verifier) || !ChallengeMatches(entry, verifier))
                {
                    return OAuthError(400, "invalid_request", "Invalid code_verifier.");
                }
            }
            entry.Used = true;
            var userId = state.FindAccount(entry.AccountId) is { } account
                ? account.ByEmail.GetValueOrDefault(account.OwnerEmail)?.Id
                : null;
            return Ok(IssuePair(http, control, app, entry.AccountId, userId, entry.Scopes ?? app.Scopes));
        }
    }

    private static bool ChallengeMatches(SandboxAuthCode entry, string verifier)
    {
        if (string.Equals(entry.CodeChallengeMethod, "plain", StringComparison.OrdinalIgnoreCase))
        {
            return entry.CodeChallenge == verifier;
        }
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(verifier));
        var expected = Convert.ToBase64String(hash).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return string.Equals(expected, entry.CodeChallenge, StringComparison.Ordinal);
    }

    private static async Task<IResult> RefreshAsync(HttpContext http, ZoomSandboxControl control, SandboxApp app)
    {
        var value = await ParamAsync(http, "refresh_token");
        var state = control.State;
        lock (state.Gate)
        {
            if (value is null || !state.RefreshTokens.TryGetValue(value, out var refresh) || refresh.Spent || refresh.ClientId != app.ClientId)
            {
                return OAuthError(400, "invalid_grant", "Invalid Token!");
            }
            refresh.Spent = true;
            return Ok(IssuePair(http, control, app, refresh.AccountId, refresh.UserId, refresh.Scopes));
        }
    }

    private static object IssuePair(HttpContext http, ZoomSandboxControl control, SandboxApp app, string accountId, string? userId, IReadOnlySet<string> scopes)
    {
        var token = Issue(control, app.ClientId, accountId, userId, scopes);
        var refresh = new SandboxRefreshToken
        {
            Value = "sbr_" + SandboxState.NewSecret(),
            ClientId = app.ClientId,
            AccountId = accountId,
            UserId = userId,
            Scopes = scopes,
        };
        control.State.RefreshTokens[refresh.Value] = refresh;
        return new
        {
            access_token = token.Value,
            token_type = "bearer",
            refresh_token = refresh.Value,
            expires_in = (int)Math.Max(0, (token.ExpiresAt - control.Now).TotalSeconds),
            scope = string.Join(' ', scopes),
            api_url = BaseUrl(http),
        };
    }

    /// <summary>Caller holds the state lock.</summary>
    internal static SandboxToken Issue(ZoomSandboxControl control, string clientId, string accountId, string? userId, IReadOnlySet<string> scopes)
    {
        var token = new SandboxToken
        {
            Value = "sbx_" + SandboxState.NewSecret(),
            ClientId = clientId,
            AccountId = accountId,
            UserId = userId,
            Scopes = scopes,
            ExpiresAt = control.Now + control.TokenLifetime,
        };
        control.State.Tokens[token.Value] = token;
        return token;
    }

    private static async Task<IResult> RevokeAsync(HttpContext http)
    {
        var control = http.RequestServices.GetRequiredService<ZoomSandboxControl>();
        var state = control.State;
        control.Count("POST", "/oauth/revoke");
        var (latency, fault) = control.NextFault("POST", http.Request.Path.Value ?? "");
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, http.RequestAborted);
        }
        if (fault is not null)
        {
            return Error(fault.StatusCode, fault.Code, fault.Message);
        }
        var app = BasicClient(http, state);
        if (app is null)
        {
            return OAuthError(400, "invalid_client", "Invalid client_id or client_secret");
        }
        var value = await ParamAsync(http, "token");
        if (string.IsNullOrEmpty(value))
        {
            return OAuthError(400, "invalid_request", "Missing token");
        }
        lock (state.Gate)
        {
            var known = false;
            if (state.Tokens.TryGetValue(value, out var access))
            {
                access.Revoked = true;
                known = true;
                foreach (var r in state.RefreshTokens.Values.Where(r => r.ClientId == access.ClientId && r.AccountId == access.AccountId))
                {
                    r.Spent = true;
                }
            }
            if (state.RefreshTokens.TryGetValue(value, out var refresh))
            {
                refresh.Spent = true;
                known = true;
            }
            state.Revocations.Add(new SandboxRevocation(value, app.ClientId, known, control.Now));
        }
        return Ok(new { status = "success" });
    }

    private static IResult AuthorizePage(HttpContext http)
    {
        var control = http.RequestServices.GetRequiredService<ZoomSandboxControl>();
        control.Count("GET", "/oauth/authorize");
        var q = http.Request.Query;
        var clientId = q["client_id"].ToString();
        var redirectUri = q["redirect_uri"].ToString();
        lock (control.State.Gate)
        {
            if (!control.State.Apps.TryGetValue(clientId, out var app) || app.Kind != AppKind.OAuth)
            {
                return Html(400, "Zoom sandbox: authorization failed", "<p id=\"error\">Invalid client_id: the app is unknown (error 4702).</p>");
            }
        }
        if (q["response_type"].ToString() != "code" || !Uri.TryCreate(redirectUri, UriKind.Absolute, out _))
        {
            return Html(400, "Zoom sandbox: authorization failed", "<p id=\"error\">Invalid request: response_type must be code and redirect_uri absolute (error 4709).</p>");
        }
        static string H(string? s) => WebUtility.HtmlEncode(s ?? "");
        string Hidden(string name) => $"<input type=\"hidden\" name=\"{name}\" value=\"{H(q[name].ToString())}\">";
        var userLevelOnly = control.GrantUserLevelScopesOnly;
        var body = $"""
            <p>The app <strong>Writing Center Portal</strong> (<code>{H(clientId)}</code>) asks to access a Zoom account:
            read users, manage meetings and cloud recordings, read plan usage.</p>
            <form method="post" action="{H(BaseUrl(http))}/oauth/authorize">
              {Hidden("client_id")}{Hidden("redirect_uri")}{Hidden("state")}{Hidden("code_challenge")}{Hidden("code_challenge_method")}
              <fieldset><legend>Account</legend>
                <label><input type="radio" id="account-1" name="account" value="{SandboxState.Account1}" checked> Writing Center (ada.admin@{SandboxState.Domain})</label><br>
                <label><input type="radio" id="account-2" name="account" value="{SandboxState.Account2}"> Writing Center, second account (olga.other@{SandboxState.Domain})</label><br>
                <label><input type="radio" id="account-3" name="account" value="{SandboxState.Account3}"> Writing Center, third account (una.third@{SandboxState.Domain})</label>
              </fieldset>
              <fieldset><legend>Permissions</legend>
                <label><input type="radio" id="scope-admin" name="scope_level" value="admin"{(userLevelOnly ? "" : " checked")}> Whole account (admin-level scopes such as <code>user:read:list_users:admin</code>)</label><br>
                <label><input type="radio" id="scope-user" name="scope_level" value="user"{(userLevelOnly ? " checked" : "")}> Grant user-level scopes only (my own user, meetings and recordings, such as <code>meeting:read:meeting</code>)</label>
              </fieldset>
              <p><button type="submit" id="approve" name="decision" value="approve">Allow</button>
                 <button type="submit" id="deny" name="decision" value="deny">Decline</button></p>
            </form>
            """;
        return Html(200, "Zoom sandbox: authorize app", body);
    }

    private static async Task<IResult> AuthorizeDecisionAsync(HttpContext http)
    {
        var control = http.RequestServices.GetRequiredService<ZoomSandboxControl>();
        control.Count("POST", "/oauth/authorize");
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var redirectUri = form["redirect_uri"].ToString();
        var state = form["state"].ToString();
        var clientId = form["client_id"].ToString();
        if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out _))
        {
            return Html(400, "Zoom sandbox: authorization failed", "<p id=\"error\">Invalid redirect_uri.</p>");
        }
        var query = new Dictionary<string, string?>();
        if (form["decision"].ToString() != "approve")
        {
            query["error"] = "access_denied";
        }
        else
        {
            var account = form["account"].ToString();
            var code = SandboxState.NewSecret(24);
            lock (control.State.Gate)
            {
                if (control.State.FindAccount(account) is null)
                {
                    account = SandboxState.Account1;
                }
                var challenge = form["code_challenge"].ToString();
                var userLevel = form["scope_level"].ToString() == "user" || control.GrantUserLevelScopesOnly;
                control.State.Codes[code] = new SandboxAuthCode
                {
                    Scopes = userLevel ? SandboxState.UserLevelScopes.ToHashSet(StringComparer.Ordinal) : null,
                    Code = code,
                    ClientId = clientId,
                    RedirectUri = redirectUri,
                    AccountId = account,
                    CodeChallenge = string.IsNullOrEmpty(challenge) ? null : challenge,
                    CodeChallengeMethod = string.IsNullOrEmpty(form["code_challenge_method"].ToString()) ? "S256" : form["code_challenge_method"].ToString(),
                    ExpiresAt = control.Now.AddMinutes(5),
                };
            }
            query["code"] = code;
        }
        if (!string.IsNullOrEmpty(state))
        {
            query["state"] = state;
        }
        return Results.Redirect(QueryHelpers.AddQueryString(redirectUri, query));
    }

    private const string Css = "body{font-family:sans-serif;max-width:40rem;margin:3rem auto;line-height:1.5}fieldset{margin-bottom:1rem}button{font-size:1rem;padding:.4rem 1rem;margin-right:.5rem}";

    internal static IResult Html(int status, string title, string body) => Results.Content(
        $"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(title)}</title>
        <style>{Css}</style>
        </head><body><h1>{WebUtility.HtmlEncode(title)}</h1>{body}</body></html>
        """, "text/html; charset=utf-8", Encoding.UTF8, status);
}
