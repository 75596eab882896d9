using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;
using Portal.Components.Pages.Recordings;
using Portal.Core.Features.Recordings;
using Portal.Core.Features.Staff;
using Portal.Core.Zoom;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Components.Recordings;

public sealed class RecordingsBrowserComponentTests : PortalComponentTest
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeRecordingService _service = new();

    public RecordingsBrowserComponentTests()
    {
        Services.AddSingleton<TimeProvider>(new FakeTimeProvider(s_now));
        Services.AddSingleton<IRecordingService>(_service);
    }

    private static readonly RecordingOwner s_owner = new(1, "Terry Teacher", "terry.teacher@writing.example.edu", 1, "terry-zoom", MappingStatus.Ready, null, null);

    private static RecordingItem Item(string uuid, string topic, DateTimeOffset start, RecordingSessionLink? session = null) =>
        RecordingItem.From(1, FakeRecordingsZoomClient.Meeting(uuid, 42, "terry-zoom", topic, start), session, 1, "Terry Teacher");

    [Fact]
    public void Render_FirstMonthArrives_IsShownBeforeTheOthers()
    {
        // Arrange
        Render<MudPopoverProvider>();
        var cut = Render<RecordingsBrowser>(p => p.Add(c => c.Owner, s_owner));

        // Act
        _service.Months.Writer.TryWrite(new RecordingMonth(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 25),
            [Item("a/1==", "Thesis chapter two", s_now.AddDays(-2), new RecordingSessionLink(77, "Sam Student", "sam@example.org"))], null));

        // Assert
        cut.WaitForAssertion(() =>
        {
            Assert.Contains("Thesis chapter two", cut.Markup);
            Assert.Contains("Loading: 1 of 2 months", cut.Find("#months-progress").TextContent);
        });
        var link = cut.Find("a.session-link");
        Assert.Equal("/sessions/77", link.GetAttribute("href"));
        Assert.Contains("Sam Student", link.TextContent);
        Assert.Contains("/recordings/files/1/", cut.Markup);
        Assert.Contains("Video", cut.Markup);
        Assert.Contains("Audio", cut.Markup);

        _service.Months.Writer.TryWrite(new RecordingMonth(new DateOnly(2026, 10, 26), new DateOnly(2026, 10, 31),
            [Item("b==", "Grant proposal", s_now.AddDays(-28))], null));
        _service.Months.Writer.TryComplete();
        cut.WaitForAssertion(() =>
        {
            Assert.Contains("Grant proposal", cut.Markup);
            Assert.Contains("2 of 2 recordings", cut.Find("#months-progress").TextContent);
        });
    }

    [Fact]
    public void Search_ByTopic_FiltersTheList()
    {
        // Arrange
        Render<MudPopoverProvider>();
        var cut = Render<RecordingsBrowser>(p => p.Add(c => c.Owner, s_owner));
        _service.Months.Writer.TryWrite(new RecordingMonth(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 25),
            [Item("a==", "Thesis chapter two", s_now.AddDays(-2)), Item("b==", "Grant proposal", s_now.AddDays(-3))], null));
        _service.Months.Writer.TryComplete();
        cut.WaitForAssertion(() => Assert.Contains("Grant proposal", cut.Markup));

        // Act
        cut.Find("#search-topic").Input("grant");

        // Assert
        cut.WaitForAssertion(() =>
        {
            Assert.Contains("Grant proposal", cut.Markup);
            Assert.DoesNotContain("Thesis chapter two", cut.Markup);
        });
    }

    [Fact]
    public void Render_MonthFails_ShowsWhichMonthAndKeepsTheRest()
    {
        // Arrange
        Render<MudPopoverProvider>();
        var cut = Render<RecordingsBrowser>(p => p.Add(c => c.Owner, s_owner));

        // Act
        _service.Months.Writer.TryWrite(new RecordingMonth(new DateOnly(2026, 10, 26), new DateOnly(2026, 10, 31), [], "Zoom is busy"));
        _service.Months.Writer.TryWrite(new RecordingMonth(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 25), [Item("a==", "Thesis", s_now.AddDays(-1))], null));
        _service.Months.Writer.TryComplete();

        // Assert
        cut.WaitForAssertion(() =>
        {
            Assert.Contains("October 2026 could not be loaded: Zoom is busy", cut.Markup);
            Assert.Contains("Thesis", cut.Markup);
        });
    }

    private sealed class FakeRecordingService : IRecordingService
    {
        public Channel<RecordingMonth> Months { get; } = Channel.CreateUnbounded<RecordingMonth>();

        public async IAsyncEnumerable<RecordingMonth> ListByMonthAsync(int staffMemberId, DateOnly from, DateOnly to, [EnumeratorCancellation] CancellationToken ct = default)
        {
            await foreach (var m in Months.Reader.ReadAllAsync(ct))
            {
                yield return m;
            }
        }

        public Task<RecordingOwner> GetMineAsync(CancellationToken ct = default) => Task.FromResult(s_owner);
        public Task<RecordingOwner> GetOwnerAsync(int staffMemberId, CancellationToken ct = default) => Task.FromResult(s_owner);
        public Task<IReadOnlyList<RecordingStaffOption>> ListStaffAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<RecordingStaffOption>>([]);
        public Task<ZoomResult<IReadOnlyList<RecordingItem>>> ListForSessionAsync(long sessionId, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<ZoomResult<IReadOnlyList<RecordingItem>>> ListTrashAsync(int staffMemberId, CancellationToken ct = default) =>
            Task.FromResult(ZoomResult.Ok<IReadOnlyList<RecordingItem>>([]));
        public Task<ZoomResult> DeleteAsync(int connectionId, string meetingUuid, bool permanently = false, CancellationToken ct = default) => Task.FromResult(ZoomResult.Done);
        public Task<ZoomResult> RecoverAsync(int staffMemberId, string meetingUuid, CancellationToken ct = default) => Task.FromResult(ZoomResult.Done);
        public Task<ZoomResult<RecordingFileStream>> OpenFileAsync(int connectionId, string meetingUuid, string fileId, long? rangeFrom, long? rangeTo, CancellationToken ct = default) => throw new NotSupportedException();
    }
}
