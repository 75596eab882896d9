using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Components.Pages.Connections;
using Portal.Core.Features.SessionRecordings;
using Portal.Core.Identity;
using Portal.Tests.Core.Sessions;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Components.SessionRecordings;

/// <summary>The connection page's automatic-publishing switch over the real setting (a test database), as an administrator.</summary>
public sealed class RecordingAutoPublishSwitchTests : PortalComponentTest
{
    private readonly SessionTestHarness _h = new();

    public RecordingAutoPublishSwitchTests()
    {
        SignInAs("admin");
        _h.Actor.Set(Roles.Admin, "ada.admin@writing.example.edu", "Ada Admin");
        Services.AddSingleton<IRecordingAutoPublish>(new RecordingAutoPublish(_h.DbFactory, _h.Actor, _h.Audit));
    }

    protected override async Task DisposeTestAsync() => await _h.DisposeAsync();

    private bool Stored()
    {
        using var db = _h.DbFactory.CreateDbContext();
        return db.ZoomConnections.AsNoTracking().Single(c => c.Id == 1).AutoPublishRecordings;
    }

    [Fact]
    public void Switch_TurnedOn_StoredForTheConnectionAndAudited()
    {
        // Arrange
        var cut = Render<RecordingAutoPublishSwitch>(p => p.Add(c => c.ConnectionId, 1));
        cut.WaitForAssertion(() => Assert.Null(cut.Find("input[type=checkbox]").GetAttribute("disabled")));
        var before = Stored();

        // Act
        cut.Find("input[type=checkbox]").Change(true);

        // Assert
        cut.WaitForAssertion(() => Assert.True(Stored()));
        Assert.False(before);
        Assert.Equal(SessionRecordingAuditActions.AutoPublishChanged, _h.AuditActions()[^1]);
    }

    [Fact]
    public async Task SetAsync_ATeacher_Refused()
    {
        // Arrange
        _h.Actor.Set(Roles.Teacher, "terry.teacher@writing.example.edu", "Terry Teacher");
        var setting = new RecordingAutoPublish(_h.DbFactory, _h.Actor, _h.Audit);

        // Act + Assert
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => setting.SetAsync(1, true));
        Assert.False(Stored());
    }
}
