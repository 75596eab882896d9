using Portal.Core.Features.Audit;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Recordings;
using Portal.Core.Features.Sessions;
using Portal.Core.Features.Staff;

namespace Portal.Tests.Core.Audit;

public sealed class AuditSentenceTests
{
    private const string Dana = "dana.director@writing.example.edu";

    private static AuditEntry Entry(string action, AuditTarget target, object? before = null, object? after = null) => new()
    {
        At = DateTimeOffset.UnixEpoch,
        Actor = Dana,
        Action = action,
        Target = target.Text,
        TargetKind = target.Kind,
        TargetId = target.Id,
        TargetName = target.Name,
        Changes = [.. AuditChange.Between(before, after)],
    };

    [Fact]
    public void Describe_StaffMemberEdited_NamesTheMemberAndEachChangedField()
    {
        // Arrange
        var entry = Entry(StaffAuditActions.Updated, AuditTarget.Staff(42, "ann@school.edu"),
            new Dictionary<string, string?> { ["StaffRole"] = "Tutor", ["Active"] = "True" },
            new Dictionary<string, string?> { ["StaffRole"] = "Director", ["Active"] = "True" });

        // Act
        var sentence = AuditSentence.Describe(entry);

        // Assert
        Assert.Equal($"{Dana} changed staff member ann@school.edu: Staff role Tutor → Director", sentence);
    }

    [Fact]
    public void Describe_SessionScheduled_NamesTheTopicAndShowsTimesInUtc()
    {
        // Arrange
        var startsAt = new DateTimeOffset(2026, 12, 5, 14, 0, 0, TimeSpan.Zero);
        var entry = Entry(SessionAuditActions.Scheduled, AuditTarget.Session(17, "Essay review"), null,
            new { StartsAt = startsAt, DurationMinutes = 45, ZoomMeetingId = 85012345678 });

        // Act
        var sentence = AuditSentence.Describe(entry);

        // Assert
        Assert.Equal($"{Dana} scheduled session “Essay review”: Starts at 5 Dec 2026 14:00 UTC; Duration minutes 45; Zoom meeting ID 85012345678", sentence);
    }

    [Fact]
    public void Describe_ConnectionRenamed_ShowsOldAndNewName()
    {
        // Arrange
        var entry = Entry(ConnectionAuditActions.Renamed, AuditTarget.Connection(3, "Main account"), new { Name = "Zoom 1" }, new { Name = "Main account" });

        // Act
        var sentence = AuditSentence.Describe(entry);

        // Assert
        Assert.Equal($"{Dana} renamed connection “Main account”: Name Zoom 1 → Main account", sentence);
    }

    [Fact]
    public void Describe_RecordingDeleted_SaysWhatWasRemoved()
    {
        // Arrange
        var entry = Entry(RecordingAuditActions.DeletedToTrash, AuditTarget.Recording("abc==", "Thesis chapter 2"), new { Bytes = 55_000_000 });

        // Act
        var sentence = AuditSentence.Describe(entry);

        // Assert
        Assert.Equal($"{Dana} moved recording “Thesis chapter 2” to the trash: Bytes was 55000000", sentence);
    }

    [Fact]
    public void Describe_ShareLinkRevoked_NamesTheSharedRecording()
    {
        // Arrange
        var entry = Entry(RecordingAuditActions.ShareRevoked, AuditTarget.RecordingShare(5, "Thesis chapter 2"), new { Revoked = false }, new { Revoked = true });

        // Act
        var sentence = AuditSentence.Describe(entry);

        // Assert
        Assert.Equal($"{Dana} revoked the share link of “Thesis chapter 2”: Revoked no → yes", sentence);
    }

    [Fact]
    public void Describe_RosterImportAndZoomLink_HaveNoIdButReadNaturally()
    {
        // Arrange
        var import = Entry(StaffAuditActions.Imported, AuditTarget.Roster(), null, new { added = 3 });
        var link = Entry(ConnectionAuditActions.LinkStarted, AuditTarget.ZoomLink());

        // Act
        var sentences = (AuditSentence.Describe(import), AuditSentence.Describe(link));

        // Assert
        Assert.Equal(($"{Dana} imported the staff roster from a CSV file: Added 3", $"{Dana} started a Zoom account link"), sentences);
    }

    [Fact]
    public void Describe_EntryFromBeforeStructuredContent_ShowsTheStoredTargetAndValues()
    {
        // Arrange
        var entry = new AuditEntry { Actor = "ada", Action = "connection.add", Target = "Main Zoom account", OldValue = null, NewValue = "{\"Name\":\"Main\"}" };

        // Act
        var sentence = AuditSentence.Describe(entry);

        // Assert
        Assert.Equal("ada did “Connection: add” to “Main Zoom account”: Name Main", sentence);
    }

    [Fact]
    public void Describe_OldEntryWithKeyTargetAndNestedJson_ReadsAsWords()
    {
        // Arrange
        var entry = new AuditEntry
        {
            Actor = "ada", Action = ConnectionAuditActions.Verified, Target = "connection:3 Main Zoom account",
            OldValue = "{\"Passed\":false}", NewValue = "{\"Passed\":true,\"Result\":{\"Scopes\":[\"user:read:admin\"],\"Error\":null}}",
        };

        // Act
        var sentence = AuditSentence.Describe(entry);
        var target = AuditSentence.TargetOf(entry);

        // Assert
        Assert.Equal("ada verified connection “Main Zoom account”: Passed no → yes; Result Scopes user:read:admin, Error none", sentence);
        Assert.Equal(new AuditTarget(AuditTargetKinds.Connection, "3", "Main Zoom account"), target);
    }

    [Theory]
    [InlineData("staff.licence-assigned", "Staff: licence assigned")]
    [InlineData("staff.fix-Zoom-settings-failed", "Staff: fix Zoom settings failed")]
    [InlineData("recording-share.created", "Recording share: created")]
    [InlineData("renamed", "renamed")]
    public void ActionLabel_Code_BecomesWords(string action, string expected)
    {
        // Act
        var label = AuditSentence.ActionLabel(action);

        // Assert
        Assert.Equal(expected, label);
    }

    [Fact]
    public void Describe_EveryDeclaredAction_HasItsOwnWords()
    {
        // Arrange
        var actions = AuditActionsTests.DeclaredActions();

        // Act
        var unworded = actions.Where(a => AuditSentence.Describe(Entry(a.Value, AuditTarget.Staff(1, "x@y.edu"))).Contains(" did “", StringComparison.Ordinal))
            .Select(a => a.Name).ToList();

        // Assert
        Assert.True(unworded.Count == 0, "Actions without words in AuditSentence: " + string.Join(", ", unworded));
    }

    [Theory]
    [InlineData("ZoomMeetingId", "Zoom meeting ID")]
    [InlineData("cloudRecording", "Cloud recording")]
    [InlineData("JoinTokenExpiresAt", "Join token expires at")]
    [InlineData("Value", "Value")]
    public void FieldName_CodeName_BecomesWords(string field, string expected)
    {
        // Act
        var words = AuditSentence.FieldName(field);

        // Assert
        Assert.Equal(expected, words);
    }
}
