using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Features.Recordings;
using Portal.Tests.TestDoubles;
using Portal.ZoomSandbox;

namespace Portal.Tests.Integration;

/// <summary>Every kind of response the portal sends carries its security headers (issue 15, item 5).</summary>
public sealed partial class SecurityHeadersTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private static DateOnly Today => DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);

    [Fact]
    public async Task InteractivePage_SignedIn_PolicyAllowsOnlyOwnScriptsAndTheImportMapByNonce()
    {
        // Arrange
        using var client = factory.CreatePortalClient();
        await client.SignInAsync("director");

        // Act
        using var response = await client.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();
        var nonces = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            using var again = await client.GetAsync("/health");
            nonces.Add(Assert.Single(ScriptNonce().Matches(Directive(AssertCommonHeaders(again), "script-src"))).Groups[1].Value);
        }

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = AssertCommonHeaders(response);
        var nonce = Assert.Single(ScriptNonce().Matches(Directive(policy, "script-src"))).Groups[1].Value;
        // Razor encodes '+' and '/' in attributes (a base64 nonce would then not match the header text); base64url has neither.
        Assert.All(nonces.Append(nonce), n => Assert.Matches("^[A-Za-z0-9_-]{22,}$", n));
        Assert.Equal(nonces.Count, nonces.Distinct().Count());
        Assert.Equal($"'self' 'nonce-{nonce}'", Directive(policy, "script-src"));
        var importMap = ImportMapTag().Match(html);
        Assert.True(importMap.Success, "The page has no import map.");
        Assert.Contains($"nonce=\"{nonce}\"", importMap.Value);
        Assert.Equal("'self' 'unsafe-inline'", Directive(policy, "style-src"));
        Assert.StartsWith("'self'", Directive(policy, "connect-src"));
        Assert.Contains($"ws://{new Uri(factory.BaseUrl).Authority}", Directive(policy, "connect-src"));
        Assert.Equal("'self'", Directive(policy, "frame-ancestors"));
        Assert.Equal("SAMEORIGIN", Header(response, "X-Frame-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        Assert.Equal("'self' https://login.microsoftonline.com https://zoom.us", Directive(policy, "form-action"));
    }

    [Fact]
    public async Task Policy_ConfiguredEntraIdAndZoomOrigins_FormsMayGoThere()
    {
        // Arrange
        await using var configured = new CustomPortalAppFactory(new Dictionary<string, string?>
        {
            ["AzureAd:Instance"] = "https://login.example-cloud.test/",
            ["Zoom:OAuthBaseUrl"] = "https://zoom.example-gov.test:8443/oauth",
        });
        using var client = configured.CreatePortalClient();

        // Act
        using var response = await client.GetAsync("/dev/login");

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("'self' https://login.example-cloud.test https://zoom.example-gov.test:8443",
            Directive(AssertCommonHeaders(response), "form-action"));
    }

    [Fact]
    public async Task StaticAssetAndHealth_CarryNosniffAndThePolicy()
    {
        // Arrange
        using var client = factory.CreatePortalClient();

        // Act
        using var script = await client.GetAsync("/_framework/blazor.web.js");
        using var css = await client.GetAsync("/app.css");
        using var health = await client.GetAsync("/health");

        // Assert
        foreach (var response in new[] { script, css, health })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            AssertCommonHeaders(response);
        }
    }

    [Fact]
    public async Task AnonymousTokenPages_JoinAndShared_RefuseFramingAndSendNoReferrer()
    {
        // Arrange
        var seeded = await RecordingsSandboxSeed.EnsureAsync(factory);
        var share = await ShareAsync(seeded, 0);
        using var anonymous = factory.CreatePortalClient();

        // Act
        using var join = await anonymous.GetAsync("/join/not-a-real-token");
        using var shared = await anonymous.GetAsync(share.Path);
        using var sharedInvalid = await anonymous.GetAsync("/shared/not-a-real-token");

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, join.StatusCode);
        Assert.Equal(HttpStatusCode.OK, shared.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, sharedInvalid.StatusCode);
        foreach (var response in new[] { join, shared, sharedInvalid })
        {
            var policy = AssertCommonHeaders(response);
            Assert.Equal("'none'", Directive(policy, "frame-ancestors"));
            Assert.Equal("DENY", Header(response, "X-Frame-Options"));
            Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        }
    }

    [Fact]
    public async Task RecordingStreams_VideoInline_NonMediaFileAsOctetStreamAttachment()
    {
        // Arrange: a Zoom file type that is neither media nor a transcript (a JSON timeline) on one of Terry's recordings.
        var seeded = await RecordingsSandboxSeed.EnsureAsync(factory);
        var control = factory.Services.GetRequiredService<ZoomSandboxControl>();
        var timelineId = Guid.NewGuid().ToString();
        lock (control.State.Gate)
        {
            var meeting = control.State.Recordings.Where(m => m.HostId == seeded.TerryZoomId).OrderByDescending(m => m.StartTime).Skip(4).First();
            var file = new SandboxRecordingFile
            {
                Id = timelineId, FileType = "TIMELINE", FileExtension = "JSON", FileSize = 2_000,
                RecordingStart = meeting.StartTime, RecordingEnd = meeting.StartTime.AddMinutes(1), RecordingType = "timeline",
            };
            meeting.Files.Add(file);
            control.State.FilesById[file.Id] = (meeting, file);
        }
        var recording = await FindRecordingWithFileAsync(seeded, timelineId);
        var video = recording.Files.First(f => f.Kind == RecordingFileKind.Video);
        var timeline = recording.Files.Single(f => f.Id == timelineId);
        using var teacher = factory.CreatePortalClient();
        await teacher.SignInAsync("teacher");

        // Act
        using var videoResponse = await teacher.Http.GetAsync(Portal.Components.Pages.Recordings.RecordingsEndpoints.FileUrl(recording, video).TrimStart('/'),
            HttpCompletionOption.ResponseHeadersRead);
        using var timelineResponse = await teacher.GetAsync(Portal.Components.Pages.Recordings.RecordingsEndpoints.FileUrl(recording, timeline));

        // Assert
        Assert.Equal(HttpStatusCode.OK, videoResponse.StatusCode);
        AssertCommonHeaders(videoResponse);
        Assert.Equal("video/mp4", videoResponse.Content.Headers.ContentType!.MediaType);
        Assert.Equal("inline", videoResponse.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(HttpStatusCode.OK, timelineResponse.StatusCode);
        AssertCommonHeaders(timelineResponse);
        Assert.Equal("application/octet-stream", timelineResponse.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", timelineResponse.Content.Headers.ContentDisposition!.DispositionType);
    }

    [Fact]
    public async Task StatusAndErrorPages_CarryTheHeaders()
    {
        // Arrange: a database that cannot be opened makes the share page fail with an unhandled exception (the error page).
        await using var broken = new CustomPortalAppFactory(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Portal"] = TestDatabase.IsPostgreSql
                ? $"Host={factory.Folder};Port=1;Username=nobody;Database=none;Timeout=2"
                : $"Data Source={factory.Folder}",
            ["Database:Migrate"] = "false",
        });
        using var client = factory.CreatePortalClient();
        await client.SignInAsync("director");
        using var brokenClient = broken.CreatePortalClient();

        // Act
        using var notFound = await client.GetAsync("/no-such-page");
        using var error = await brokenClient.GetAsync("/shared/any-token");

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Contains("text/html", notFound.Content.Headers.ContentType!.ToString());
        Assert.Equal("'self'", Directive(AssertCommonHeaders(notFound), "frame-ancestors"));
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Contains("Something went wrong", await error.Content.ReadAsStringAsync());
        Assert.Equal("'none'", Directive(AssertCommonHeaders(error), "frame-ancestors"));
        Assert.Equal("DENY", Header(error, "X-Frame-Options"));
    }

    /// <summary>Headers every response carries; returns the one Content-Security-Policy.</summary>
    private static string AssertCommonHeaders(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.NotNull(Header(response, "Referrer-Policy"));
        var policy = Assert.Single(Values(response, "Content-Security-Policy"));
        Assert.Equal("'self'", Directive(policy, "default-src"));
        Assert.Equal("'none'", Directive(policy, "object-src"));
        Assert.Equal("'self'", Directive(policy, "base-uri"));
        Assert.DoesNotContain("unsafe", Directive(policy, "script-src"));
        return policy;
    }

    private static string Directive(string policy, string name) =>
        policy.Split(';', StringSplitOptions.TrimEntries).Where(d => d.StartsWith(name + " ", StringComparison.Ordinal))
            .Select(d => d[(name.Length + 1)..]).SingleOrDefault() ?? "";

    private static IEnumerable<string> Values(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values
        : response.Content.Headers.TryGetValues(name, out var content) ? content : [];

    private static string? Header(HttpResponseMessage response, string name) => Values(response, name).SingleOrDefault();

    private async Task<CreatedShare> ShareAsync(RecordingsSandboxSeed.Seeded seeded, int index)
    {
        await using var scope = RecordingsSandboxSeed.ScopeAs(factory, "teacher");
        var recording = (await ListAsync(scope, seeded.TerryId))[index];
        return (await scope.ServiceProvider.GetRequiredService<IRecordingShareService>().CreateAsync(seeded.ConnectionId, recording.MeetingUuid, 7)).Value!;
    }

    private async Task<RecordingItem> FindRecordingWithFileAsync(RecordingsSandboxSeed.Seeded seeded, string fileId)
    {
        await using var scope = RecordingsSandboxSeed.ScopeAs(factory, "teacher");
        return (await ListAsync(scope, seeded.TerryId)).Single(r => r.Files.Any(f => f.Id == fileId));
    }

    private static async Task<List<RecordingItem>> ListAsync(AsyncServiceScope scope, int staffId)
    {
        var items = new List<RecordingItem>();
        await foreach (var month in scope.ServiceProvider.GetRequiredService<IRecordingService>().ListByMonthAsync(staffId, Today.AddMonths(-7), Today))
        {
            items.AddRange(month.Recordings);
        }
        return items;
    }

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex ScriptNonce();

    [GeneratedRegex("<script[^>]*type=\"importmap\"[^>]*>")]
    private static partial Regex ImportMapTag();
}
