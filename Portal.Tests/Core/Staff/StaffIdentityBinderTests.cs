using Microsoft.EntityFrameworkCore;
using Portal.Core.Features.Staff;
using Portal.Core.Identity;

namespace Portal.Tests.Core.Staff;

public sealed class StaffIdentityBinderTests : IAsyncLifetime
{
    private readonly StaffTestHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();
    public Task DisposeAsync() => _host.DisposeAsync();

    private static Actor Person(string objectId, string email) =>
        new("Person", objectId, email, new HashSet<string> { Roles.Teacher }) { TenantId = "tenant-1" };

    [Fact]
    public async Task FindForActor_FirstByEmailThenByObjectId()
    {
        // Arrange
        var id = await _host.AddMemberAsync("Terry", "terry.teacher@univ.edu", null);
        var binder = _host.Get<IStaffIdentityBinder>();

        // Act
        var first = await binder.FindForActorAsync(Person("oid-terry", " Terry.Teacher@UNIV.edu"), CancellationToken.None);
        var afterRename = await binder.FindForActorAsync(Person("oid-terry", "terry.new-name@univ.edu"), CancellationToken.None);

        // Assert
        Assert.Equal(id, first!.Id);
        Assert.Equal(id, afterRename!.Id);
        await using var db = await _host.DbAsync();
        var member = await db.StaffMembers.SingleAsync();
        Assert.Equal("oid-terry", member.ObjectId);
        Assert.Equal("tenant-1", member.TenantId);
    }

    [Fact]
    public async Task FindForActor_EmailOfRecordBoundToSomeoneElse_ReturnsNull()
    {
        await _host.AddMemberAsync("Terry", "terry@univ.edu", null);
        var binder = _host.Get<IStaffIdentityBinder>();
        await binder.FindForActorAsync(Person("oid-terry", "terry@univ.edu"), CancellationToken.None);

        var intruder = await binder.FindForActorAsync(Person("oid-other", "terry@univ.edu"), CancellationToken.None);

        Assert.Null(intruder);
    }

    [Fact]
    public async Task GetAsync_TeacherAsksForAnotherMember_Null_OwnRecord_Found()
    {
        var terry = await _host.AddMemberAsync("Terry Teacher", "terry.teacher@writing.example.edu", null);
        var tess = await _host.AddMemberAsync("Tess Tutor", "tess.tutor@writing.example.edu", null);
        _host.Actor.Actor = StaffTestHost.Teacher;
        var service = _host.Get<IStaffService>();

        var other = await service.GetAsync(tess);
        var own = await service.GetAsync(terry);
        var mine = await service.GetMineAsync();

        Assert.Null(other);
        Assert.Equal(terry, own!.Row.Id);
        Assert.Equal(terry, mine!.Row.Id);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => service.QueryAsync(new StaffQuery()));
    }

    [Fact]
    public async Task Save_DuplicateOfAnotherMembersAlias_RejectedByValidator()
    {
        await _host.AddMemberAsync("Sam", "sam@univ.edu", null, aliases: "sam.shared@univ.edu");
        var service = _host.Get<IStaffService>();

        var ex = await Assert.ThrowsAsync<FluentValidation.ValidationException>(() =>
            service.SaveAsync(new StaffMemberInput { Name = "Other", Email = "SAM.SHARED@univ.edu", StaffRole = "Tutor" }));
        var bad = await Assert.ThrowsAsync<FluentValidation.ValidationException>(() =>
            service.SaveAsync(new StaffMemberInput { Name = "Other", Email = "not an email", StaffRole = "Tutor" }));

        Assert.Contains(ex.Errors, e => e.ErrorMessage.Contains("already uses this address", StringComparison.Ordinal));
        Assert.Contains(bad.Errors, e => e.ErrorMessage.Contains("valid e-mail", StringComparison.Ordinal));
    }
}
