using Portal.Core.Features.Staff;
using Portal.Core.Zoom;

namespace Portal.Tests.Core.Staff;

public sealed class StaffMatcherTests
{
    private static ZoomUser User(string? id, string email, int type = 2, ZoomUserStatus status = ZoomUserStatus.Active) =>
        new(id, email, null, null, email, type, status, "acc", null, null, null);

    private static MatchResult MatchOne(MatchStaff staff, IEnumerable<ZoomUser> users, string? domain = null, IReadOnlyDictionary<string, string>? others = null) =>
        StaffMatcher.Match([staff], users, domain, "Demo", others).Results.Single();

    [Fact]
    public void Match_EmailDiffersOnlyInCaseAndWhitespace_ReadyAndNamesTheCaseDifference()
    {
        // Arrange
        var staff = new MatchStaff(1, "Casey Case", "  casey.case@univ.edu ", "");

        // Act
        var result = MatchOne(staff, [User("z1", "Casey.Case@univ.edu")]);

        // Assert
        Assert.Equal(MappingStatus.Ready, result.Status);
        Assert.Equal("z1", result.User!.Id);
        Assert.Contains("case-only difference", result.Reason);
        Assert.Contains("Casey.Case@univ.edu", result.Reason);
    }

    [Fact]
    public void Match_ExactEmail_ReadyWithoutCaseNote()
    {
        var result = MatchOne(new MatchStaff(1, "A", "a@univ.edu", ""), [User("z1", "a@univ.edu")]);

        Assert.Equal(MappingStatus.Ready, result.Status);
        Assert.DoesNotContain("case", result.Reason);
        Assert.Equal(MappingFix.None, result.Fix);
    }

    [Fact]
    public void Match_OnlyAliasInZoom_MatchesThroughAlias()
    {
        var result = MatchOne(new MatchStaff(1, "Jo", "jo@univ.edu", "JO.Smith@old.univ.edu; other@univ.edu"), [User("z9", "jo.smith@old.univ.edu", type: 1)]);

        Assert.Equal(MappingStatus.Basic, result.Status);
        Assert.Equal(MappingFix.AssignLicence, result.Fix);
        Assert.Contains("alias jo.smith@old.univ.edu", result.Reason);
    }

    [Fact]
    public void Match_UsernamePlusFixedDomain_Matches()
    {
        var result = MatchOne(new MatchStaff(1, "J Doe", "jdoe@mail.univ.edu", ""), [User("z2", "jdoe@univ.edu")], domain: "@univ.edu");

        Assert.Equal(MappingStatus.Ready, result.Status);
        Assert.Contains("username + domain jdoe@univ.edu", result.Reason);
    }

    [Fact]
    public void Match_UsernameDomainNotConfigured_NotInZoom()
    {
        var result = MatchOne(new MatchStaff(1, "J Doe", "jdoe@mail.univ.edu", ""), [User("z2", "jdoe@univ.edu")]);

        Assert.Equal(MappingStatus.NotInZoom, result.Status);
        Assert.Equal(MappingFix.Invite, result.Fix);
    }

    [Fact]
    public void Match_PendingUsersWithoutId_KeyedByEmail()
    {
        // Arrange: two pending users without id must not collapse into one
        var users = new[] { User(null, "pat@univ.edu", 1, ZoomUserStatus.Pending), User("", "kim@univ.edu", 1, ZoomUserStatus.Pending) };
        var staff = new[] { new MatchStaff(1, "Pat", "pat@univ.edu", ""), new MatchStaff(2, "Kim", "kim@univ.edu", "") };

        // Act
        var outcome = StaffMatcher.Match(staff, users, null, "Demo");

        // Assert
        Assert.All(outcome.Results, r => Assert.Equal(MappingStatus.Pending, r.Status));
        Assert.Equal(1, outcome.StaffByUserKey["email:pat@univ.edu"]);
        Assert.Equal(2, outcome.StaffByUserKey["email:kim@univ.edu"]);
    }

    [Fact]
    public void Match_TwoStaffMatchOneZoomUser_BothConflict()
    {
        var staff = new[] { new MatchStaff(1, "Sam Shared", "sam.shared@univ.edu", ""), new MatchStaff(2, "Samuel Lee", "samuel@univ.edu", "sam.shared@univ.edu") };

        var outcome = StaffMatcher.Match(staff, [User("z5", "sam.shared@univ.edu")], null, "Demo");

        Assert.All(outcome.Results, r => Assert.Equal(MappingStatus.Conflict, r.Status));
        Assert.Contains("Samuel Lee", outcome.Results.Single(r => r.StaffMemberId == 1).Reason);
        Assert.Contains("Sam Shared", outcome.Results.Single(r => r.StaffMemberId == 2).Reason);
        Assert.All(outcome.Results, r => Assert.Equal(MappingFix.ResolveConflict, r.Fix));
    }

    [Fact]
    public void Match_AliasMatchesDifferentUserThanEmail_Conflict()
    {
        var result = MatchOne(new MatchStaff(1, "Al", "al@univ.edu", "al.old@univ.edu"), [User("z1", "al@univ.edu"), User("z2", "al.old@univ.edu")]);

        Assert.Equal(MappingStatus.Conflict, result.Status);
        Assert.Contains("alias al.old@univ.edu matches a different Zoom user", result.Reason);
    }

    [Fact]
    public void Match_AliasMatchesSameUserAsEmail_NoConflict()
    {
        var result = MatchOne(new MatchStaff(1, "Al", "al@univ.edu", "al@univ.edu;AL@univ.edu"), [User("z1", "al@univ.edu")]);

        Assert.Equal(MappingStatus.Ready, result.Status);
    }

    [Theory]
    [InlineData(1, ZoomUserStatus.Active, MappingStatus.Basic, MappingFix.AssignLicence)]
    [InlineData(2, ZoomUserStatus.Active, MappingStatus.Ready, MappingFix.None)]
    [InlineData(99, ZoomUserStatus.Active, MappingStatus.CannotHost, MappingFix.AssignLicence)]
    [InlineData(2, ZoomUserStatus.Inactive, MappingStatus.Deactivated, MappingFix.ReactivateInZoom)]
    [InlineData(2, ZoomUserStatus.Pending, MappingStatus.Pending, MappingFix.Recheck)]
    public void Match_TypeAndStatus_GiveStatusReasonAndFix(int type, ZoomUserStatus zoomStatus, MappingStatus expected, MappingFix fix)
    {
        var result = MatchOne(new MatchStaff(1, "X", "x@univ.edu", ""), [User("z", "x@univ.edu", type, zoomStatus)]);

        Assert.Equal(expected, result.Status);
        Assert.Equal(fix, result.Fix);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
    }

    [Fact]
    public void Match_ActiveAndDeactivatedWithSameEmail_PrefersActive()
    {
        var result = MatchOne(new MatchStaff(1, "X", "x@univ.edu", ""), [User("old", "x@univ.edu", 2, ZoomUserStatus.Inactive), User("new", "X@univ.edu", 2)]);

        Assert.Equal(MappingStatus.Ready, result.Status);
        Assert.Equal("new", result.User!.Id);
    }

    [Fact]
    public void Match_FoundOnlyInAnotherConnectionsAccount_InAnotherAccount()
    {
        var others = new Dictionary<string, string> { ["olga@univ.edu"] = "Second account" };

        var result = MatchOne(new MatchStaff(1, "Olga", "Olga@univ.edu", ""), [User("z", "someone@univ.edu")], others: others);

        Assert.Equal(MappingStatus.InAnotherAccount, result.Status);
        Assert.Contains("Second account", result.Reason);
        Assert.Equal(MappingFix.ChangeConnection, result.Fix);
    }

    [Fact]
    public void Match_UnmatchedZoomUsers_AreNotClaimed()
    {
        var outcome = StaffMatcher.Match([new MatchStaff(1, "A", "a@univ.edu", "")], [User("z1", "a@univ.edu"), User("z2", "b@univ.edu")], null, "Demo");

        Assert.True(outcome.StaffByUserKey.ContainsKey("id:z1"));
        Assert.False(outcome.StaffByUserKey.ContainsKey("id:z2"));
    }
}
