using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Components.Pages.Sessions.Client;
using Portal.Core.Features.SessionRecordings;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Components.SessionRecordings;

/// <summary>The client's view of a published recording, by the session's join token.</summary>
public sealed class ClientSessionRecordingTests : PortalComponentTest
{
    private const string Token = "client-token_1";
    private readonly ClientRecordingsDouble _recordings = new();

    public ClientSessionRecordingTests() => Services.AddSingleton<IClientRecordingService>(_recordings);

    private IRenderedComponent<ClientSessionRecording> RenderFor(long sessionId) =>
        Render<ClientSessionRecording>(p => p.Add(c => c.SessionId, sessionId).Add(c => c.Token, Token));

    [Fact]
    public void Render_Published_VideoPlayerStreamsFromTheClientEndpoint()
    {
        // Arrange
        _recordings.View = new ClientRecordingView(7, ClientRecordingState.Published, new DateTimeOffset(2027, 1, 15, 10, 0, 0, TimeSpan.Zero),
            [new ClientRecordingItem("file/1", true, DateTimeOffset.UnixEpoch, 50)]);

        // Act
        var cut = RenderFor(7);

        // Assert
        var video = cut.Find("video#client-recording-player-0");
        Assert.Equal("/join/client-token_1/recording/file%2F1", video.GetAttribute("src"));
        Assert.Equal("metadata", video.GetAttribute("preload"));
        Assert.Contains("until 15 January 2027, 10:00 UTC", cut.Find("#client-recording-until").TextContent);
    }

    [Fact]
    public void Render_AudioOnly_AudioPlayer()
    {
        // Arrange
        _recordings.View = new ClientRecordingView(7, ClientRecordingState.Published, DateTimeOffset.MaxValue,
            [new ClientRecordingItem("audio-1", false, DateTimeOffset.UnixEpoch, 50)]);

        // Act
        var cut = RenderFor(7);

        // Assert
        Assert.Empty(cut.FindAll("video"));
        Assert.Equal("/join/client-token_1/recording/audio-1", cut.Find("audio#client-recording-player-0").GetAttribute("src"));
    }

    [Fact]
    public void Render_UnpublishedExpiredOrGone_SaysNoLongerAvailable()
    {
        // Arrange
        _recordings.View = new ClientRecordingView(7, ClientRecordingState.NoLongerAvailable, DateTimeOffset.UnixEpoch, []);

        // Act
        var cut = RenderFor(7);

        // Assert
        Assert.Equal("The recording is no longer available.", cut.Find("#client-recording-gone").TextContent.Trim());
        Assert.Empty(cut.FindAll("video"));
    }

    [Fact]
    public void Render_NeverPublished_ShowsNothing()
    {
        // Arrange
        _recordings.View = new ClientRecordingView(7, ClientRecordingState.None, null, []);

        // Act
        var cut = RenderFor(7);

        // Assert
        Assert.Equal("", cut.Markup.Trim());
    }

    [Fact]
    public void Render_TokenOfAnotherSession_ShowsNothing()
    {
        // Arrange
        _recordings.View = new ClientRecordingView(8, ClientRecordingState.Published, DateTimeOffset.MaxValue,
            [new ClientRecordingItem("file-1", true, DateTimeOffset.UnixEpoch, 50)]);

        // Act
        var cut = RenderFor(7);

        // Assert
        Assert.Equal("", cut.Markup.Trim());
    }

    private sealed class ClientRecordingsDouble : IClientRecordingService
    {
        public ClientRecordingView View { get; set; } = ClientRecordingView.Nothing;

        public Task<ClientRecordingView> GetAsync(string token, CancellationToken ct = default) =>
            Task.FromResult(token == Token ? View : ClientRecordingView.Nothing);

        public Task<ClientRecordingFile> OpenFileAsync(string token, string fileId, long? rangeFrom, long? rangeTo, string? clientAddress, CancellationToken ct = default) =>
            Task.FromResult(ClientRecordingFile.NotFound);
    }
}
