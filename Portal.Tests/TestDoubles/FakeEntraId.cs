using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Portal.Tests.TestDoubles;

/// <summary>A person as the fake Entra ID signs them in.</summary>
public sealed record EntraUser(string Name, string Email, string ObjectId, params string[] Roles);

/// <summary>What is wrong with the id_tokens the fake issues (nothing by default).</summary>
public sealed record IdTokenFlaws
{
    public static readonly IdTokenFlaws None = new();

    public bool Expired { get; init; }
    public string? Audience { get; init; }
    public string? TenantId { get; init; }
    public bool SignedWithUnknownKey { get; init; }
}

/// <summary>
/// A local OpenID Connect provider that answers like Microsoft Entra ID (v2.0 endpoints under /{tenant}/): discovery,
/// signing keys (an RSA key made at start), authorize with form_post, token (authorization code with PKCE and the
/// client secret), end-session. The test decides who signs in (<see cref="NextUser"/>) and how the token is flawed.
/// </summary>
public sealed partial class FakeEntraId : IAsyncDisposable
{
    private const string KeyId = "fake-entra-key";
    private readonly WebApplication _app;
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly RSA _unknownRsa = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, PendingCode> _codes = new();
    private readonly TimeProvider _clock;

    private FakeEntraId(string tenantId, string clientId, string clientSecret, TimeProvider clock)
    {
        TenantId = tenantId;
        ClientId = clientId;
        ClientSecret = clientSecret;
        _clock = clock;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", Discovery);
        _app.MapGet("/{tenant}/discovery/v2.0/keys", Keys);
        _app.MapGet("/{tenant}/oauth2/v2.0/authorize", Authorize);
        _app.MapPost("/{tenant}/oauth2/v2.0/token", TokenAsync);
        _app.MapGet("/{tenant}/oauth2/v2.0/logout", SignOut);
    }

    public string TenantId { get; }
    public string ClientId { get; }
    public string ClientSecret { get; }

    /// <summary>The authority host with a trailing slash, as AzureAd:Instance takes it.</summary>
    public string Instance { get; private set; } = "";

    /// <summary>Who "signs in" at the next authorize request.</summary>
    public EntraUser? NextUser { get; set; }

    /// <summary>Applied to every id_token issued from now on.</summary>
    public IdTokenFlaws Flaws { get; set; } = IdTokenFlaws.None;

    /// <summary>The post_logout_redirect_uri of every end-session request received.</summary>
    public ConcurrentQueue<string> SignOuts { get; } = new();

    public static async Task<FakeEntraId> StartAsync(string tenantId, string clientId, string clientSecret, TimeProvider? clock = null)
    {
        var provider = new FakeEntraId(tenantId, clientId, clientSecret, clock ?? TimeProvider.System);
        await provider._app.StartAsync();
        provider.Instance = provider._app.Urls.First().TrimEnd('/') + "/";
        return provider;
    }

    public string IssuerOf(string tenant) => $"{Instance}{tenant}/v2.0";

    private IResult Discovery(string tenant)
    {
        var root = $"{Instance}{tenant}";
        return Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = IssuerOf(tenant),
            ["authorization_endpoint"] = $"{root}/oauth2/v2.0/authorize",
            ["token_endpoint"] = $"{root}/oauth2/v2.0/token",
            ["end_session_endpoint"] = $"{root}/oauth2/v2.0/logout",
            ["jwks_uri"] = $"{root}/discovery/v2.0/keys",
            ["response_modes_supported"] = new[] { "query", "fragment", "form_post" },
            ["response_types_supported"] = new[] { "code", "id_token", "code id_token", "id_token token" },
            ["subject_types_supported"] = new[] { "pairwise" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post" },
            ["scopes_supported"] = new[] { "openid", "profile", "email", "offline_access" },
            ["claims_supported"] = new[] { "sub", "iss", "aud", "exp", "iat", "nonce", "name", "preferred_username", "email", "oid", "tid", "roles", "ver" },
        });
    }

    private IResult Keys()
    {
        var key = _rsa.ExportParameters(includePrivateParameters: false);
        return Results.Json(new
        {
            keys = new[]
            {
                new { kty = "RSA", use = "sig", kid = KeyId, n = Base64UrlEncoder.Encode(key.Modulus), e = Base64UrlEncoder.Encode(key.Exponent) },
            },
        });
    }

    private IResult Authorize(string tenant, HttpRequest request)
    {
        var query = request.Query;
        if (tenant != TenantId || query["client_id"] != ClientId)
        {
            return Results.BadRequest("AADSTS700016: application not found in the directory.");
        }
        if (query["response_mode"] != "form_post")
        {
            return Results.BadRequest("This fake answers with form_post only.");
        }
        var user = NextUser ?? throw new InvalidOperationException("The test did not say who signs in (FakeEntraId.NextUser).");
        var responseTypes = query["response_type"].ToString().Split(' ');
        var fields = new Dictionary<string, string>();
        if (responseTypes.Contains("code"))
        {
            var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
            _codes[code] = new PendingCode(user, query["nonce"].ToString(), query["redirect_uri"].ToString(),
                query["code_challenge"].ToString(), query["code_challenge_method"].ToString());
            fields["code"] = code;
        }
        if (responseTypes.Contains("id_token"))
        {
            fields["id_token"] = IssueIdToken(user, query["nonce"].ToString());
        }
        fields["state"] = query["state"].ToString();
        fields["session_state"] = Guid.NewGuid().ToString();
        return Results.Content(FormPostPage(query["redirect_uri"].ToString(), fields), "text/html; charset=utf-8");
    }

    private async Task<IResult> TokenAsync(string tenant, HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        // The portal sends its secret in the form (client_secret_post).
        if (tenant != TenantId || form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
        {
            return TokenError("invalid_client");
        }
        if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var pending)
            || pending.RedirectUri != form["redirect_uri"] || !PkceMatches(pending, form["code_verifier"].ToString()))
        {
            return TokenError("invalid_grant");
        }
        return Results.Json(new Dictionary<string, object>
        {
            ["token_type"] = "Bearer",
            ["scope"] = "openid profile email",
            ["expires_in"] = 3600,
            ["access_token"] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32)),
            ["id_token"] = IssueIdToken(pending.User, pending.Nonce),
        });
    }

    private IResult SignOut(HttpRequest request)
    {
        var returnTo = request.Query["post_logout_redirect_uri"].ToString();
        SignOuts.Enqueue(returnTo);
        if (string.IsNullOrEmpty(returnTo))
        {
            return Results.Content("<p>You signed out of your account.</p>", "text/html");
        }
        var state = request.Query["state"].ToString();
        return Results.Redirect(string.IsNullOrEmpty(state) ? returnTo : $"{returnTo}?state={Uri.EscapeDataString(state)}");
    }

    private string IssueIdToken(EntraUser user, string nonce)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var issuedAt = Flaws.Expired ? now.AddHours(-2) : now;
        var tenant = Flaws.TenantId ?? TenantId;
        var claims = new Dictionary<string, object>
        {
            ["name"] = user.Name,
            ["preferred_username"] = user.Email,
            ["email"] = user.Email,
            ["oid"] = user.ObjectId,
            ["sub"] = $"sub-{user.ObjectId}",
            ["tid"] = tenant,
            ["ver"] = "2.0",
            ["nonce"] = nonce,
        };
        if (user.Roles.Length > 0)
        {
            claims["roles"] = user.Roles;
        }
        var key = new RsaSecurityKey(Flaws.SignedWithUnknownKey ? _unknownRsa : _rsa) { KeyId = KeyId };
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = IssuerOf(tenant),
            Audience = Flaws.Audience ?? ClientId,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt.AddHours(1),
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    private static bool PkceMatches(PendingCode pending, string verifier)
    {
        if (string.IsNullOrEmpty(pending.CodeChallenge))
        {
            return true;
        }
        var expected = pending.CodeChallengeMethod == "S256"
            ? Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))
            : verifier;
        return expected == pending.CodeChallenge;
    }

    private static IResult TokenError(string error) =>
        Results.Json(new { error }, statusCode: StatusCodes.Status400BadRequest);

    private static string FormPostPage(string action, IReadOnlyDictionary<string, string> fields)
    {
        var inputs = string.Concat(fields.Select(f =>
            $"<input type=\"hidden\" name=\"{WebUtility.HtmlEncode(f.Key)}\" value=\"{WebUtility.HtmlEncode(f.Value)}\" />"));
        return $"""
            <!DOCTYPE html>
            <html><head><title>Working...</title></head>
            <body onload="document.forms[0].submit()">
            <form method="post" action="{WebUtility.HtmlEncode(action)}">{inputs}<noscript><button type="submit">Continue</button></noscript></form>
            </body></html>
            """;
    }

    /// <summary>
    /// What a browser does without running the page's script: follows the portal's challenge for <paramref name="path"/>
    /// to the authorize endpoint and posts its form back to the portal. Returns the portal's answer to that post.
    /// </summary>
    public async Task<HttpResponseMessage> SignInAsync(PortalHttpClient portal, string path = "/")
    {
        using var challenge = await portal.GetAsync(path);
        var authorize = challenge.Headers.Location;
        if (challenge.StatusCode != HttpStatusCode.Redirect || authorize is null || !authorize.AbsoluteUri.StartsWith(Instance, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{path} did not redirect to the fake Entra ID but answered {(int)challenge.StatusCode} {authorize}.");
        }
        using var browser = new HttpClient();
        var page = await browser.GetStringAsync(authorize);
        var form = FormPattern().Match(page);
        if (!form.Success)
        {
            throw new InvalidOperationException($"The authorize endpoint answered without a form: {page}");
        }
        var fields = InputPattern().Matches(form.Groups["inputs"].Value)
            .ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        return await portal.Http.PostAsync(WebUtility.HtmlDecode(form.Groups["action"].Value), new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("<form method=\"post\" action=\"(?<action>[^\"]+)\">(?<inputs>.*?)</form>", RegexOptions.Singleline)]
    private static partial Regex FormPattern();

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\" />")]
    private static partial Regex InputPattern();

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _rsa.Dispose();
        _unknownRsa.Dispose();
    }

    private sealed record PendingCode(EntraUser User, string Nonce, string RedirectUri, string CodeChallenge, string CodeChallengeMethod);
}
