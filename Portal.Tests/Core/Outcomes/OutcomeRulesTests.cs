using Portal.Core.Features.Outcomes;

namespace Portal.Tests.Core.Outcomes;

public class OutcomeRulesTests
{
    private const string HostId = "host-zoom-id";
    private const string Uuid = "uuid-1==";
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 14, 0, 0, TimeSpan.Zero);
    private static readonly OutcomeSession Session = new(Start, Start.AddHours(1), HostId, "client@student.example.edu", "Casey Client");

    private static DateTimeOffset At(int minutes) => Start.AddMinutes(minutes);

    private static MeetingFact Started(int minute, string uuid = Uuid) => MeetingFacts.Meeting(1, MeetingFactKind.Started, uuid, At(minute));

    private static MeetingFact Ended(int minute, string uuid = Uuid) => MeetingFacts.Meeting(1, MeetingFactKind.Ended, uuid, At(minute));

    private static MeetingFact Host(MeetingFactKind kind, int minute, string uuid = Uuid) =>
        MeetingFacts.Participant(1, kind, uuid, At(minute), "p-host", HostId, "16778240", "Terry Teacher", "terry@school.example.edu");

    private static MeetingFact Client(MeetingFactKind kind, int minute, string uuid = Uuid, string participantUuid = "p-client", string name = "Casey Client") =>
        MeetingFacts.Participant(1, kind, uuid, At(minute), participantUuid, null, "16779264", name, "");

    private static OutcomeDecision Decide(IEnumerable<MeetingFact> facts, DateTimeOffset? clicked = null, int nowMinute = 120,
        IReadOnlyDictionary<string, AttendeeRole>? assignments = null) =>
        OutcomeRules.Decide(new OutcomeInput(Session, facts.ToList(), assignments ?? new Dictionary<string, AttendeeRole>(), clicked, At(nowMinute)));

    [Fact]
    public void Decide_HostAndClientMet_Held()
    {
        // Arrange
        MeetingFact[] facts = [Started(0), Host(MeetingFactKind.Joined, 0), Client(MeetingFactKind.Joined, 2), Client(MeetingFactKind.Left, 50),
            Host(MeetingFactKind.Left, 55), Ended(55)];

        // Act
        var decision = Decide(facts);

        // Assert
        Assert.Equal(OutcomeStatus.Held, decision.Status);
        Assert.Equal(At(0), decision.ActualStart);
        Assert.Equal(At(55), decision.ActualEnd);
        Assert.Equal(55, decision.HeldMinutes);
        Assert.Equal([AttendeeRole.Host, AttendeeRole.Client], decision.Attendance.Select(a => a.Role));
    }

    [Fact]
    public void Decide_LateHostAfterClientWaited_HeldFromTheHostsStart()
    {
        // Arrange: the client waits for the host (no join before host), the host starts 12 minutes late and admits them.
        MeetingFact[] facts = [Client(MeetingFactKind.WaitingForHost, -1), Started(12), Host(MeetingFactKind.Joined, 12),
            Client(MeetingFactKind.Joined, 13), Client(MeetingFactKind.Left, 58), Ended(58)];

        // Act
        var decision = Decide(facts);

        // Assert
        Assert.Equal(OutcomeStatus.Held, decision.Status);
        Assert.Equal(At(12), decision.ActualStart);
        Assert.Equal(46, decision.HeldMinutes);
        Assert.DoesNotContain(decision.Attendance, a => a.WaitingOnly);
    }

    [Fact]
    public void Decide_ClientWaitedHostNeverCame_HostDidNotCome()
    {
        // Arrange: no meeting ever started; a waiting client leaves no past meeting at Zoom.
        MeetingFact[] facts = [Client(MeetingFactKind.WaitingForHost, 1)];

        // Act
        var during = Decide(facts, nowMinute: 10);
        var after = Decide(facts, nowMinute: 61);

        // Assert
        Assert.Equal(OutcomeStatus.Pending, during.Status);
        Assert.True(during.ClientWaiting);
        Assert.Equal(OutcomeStatus.HostDidNotCome, after.Status);
        Assert.True(Assert.Single(after.Attendance).WaitingOnly);
    }

    [Fact]
    public void Decide_ClientNeverJoined_ClientDidNotCome()
    {
        // Arrange
        MeetingFact[] facts = [Started(0), Host(MeetingFactKind.Joined, 0), Host(MeetingFactKind.Left, 20), Ended(20)];

        // Act
        var decision = Decide(facts);

        // Assert
        Assert.Equal(OutcomeStatus.ClientDidNotCome, decision.Status);
        Assert.Equal(20, decision.HeldMinutes);
    }

    [Fact]
    public void Decide_NothingHappenedBeforeAndAfterTheEnd_PendingThenNotStarted()
    {
        // Act
        var before = Decide([], nowMinute: 30);
        var after = Decide([], nowMinute: 61);

        // Assert
        Assert.Equal(OutcomeStatus.Pending, before.Status);
        Assert.Equal(OutcomeStatus.NotStarted, after.Status);
    }

    [Fact]
    public void Decide_ClientClickedJoinButNoMeeting_HostDidNotCome()
    {
        // Act
        var decision = Decide([], clicked: At(-2), nowMinute: 61);

        // Assert
        Assert.Equal(OutcomeStatus.HostDidNotCome, decision.Status);
    }

    [Fact]
    public void Decide_ClickDaysBeforeTheSession_DoesNotCount()
    {
        // Act
        var decision = Decide([], clicked: Start.AddDays(-2), nowMinute: 61);

        // Assert
        Assert.Equal(OutcomeStatus.NotStarted, decision.Status);
    }

    [Fact]
    public void Decide_SeveralJoinsAndLeaves_OneRowPerStay()
    {
        // Arrange: the client's connection drops twice.
        MeetingFact[] facts = [Started(0), Host(MeetingFactKind.Joined, 0), Client(MeetingFactKind.Joined, 1), Client(MeetingFactKind.Left, 10),
            Client(MeetingFactKind.Joined, 11), Client(MeetingFactKind.Left, 20), Client(MeetingFactKind.Joined, 22), Ended(40)];

        // Act
        var decision = Decide(facts);

        // Assert
        var client = decision.Attendance.Where(a => a.Role == AttendeeRole.Client).ToList();
        Assert.Equal([At(1), At(11), At(22)], client.Select(a => a.JoinedAt));
        Assert.Equal([At(10), At(20), At(40)], client.Select(a => a.LeftAt));
        Assert.Equal(OutcomeStatus.Held, decision.Status);
    }

    [Fact]
    public void Decide_MeetingStartedTwice_SpansBothInstancesAndCountsTheirMinutes()
    {
        // Arrange: the host ends by mistake after 5 minutes and starts again (a new instance UUID).
        MeetingFact[] facts = [Started(0), Host(MeetingFactKind.Joined, 0), Ended(5), Started(7, "uuid-2=="), Host(MeetingFactKind.Joined, 7, "uuid-2=="),
            Client(MeetingFactKind.Joined, 8, "uuid-2=="), Ended(50, "uuid-2==")];

        // Act
        var decision = Decide(facts);

        // Assert
        Assert.Equal(OutcomeStatus.Held, decision.Status);
        Assert.Equal(2, decision.Instances);
        Assert.Equal(At(0), decision.ActualStart);
        Assert.Equal(At(50), decision.ActualEnd);
        Assert.Equal(48, decision.HeldMinutes);
    }

    [Fact]
    public void Decide_RestartedAfterEnd_PendingWhileRunning()
    {
        // Arrange
        MeetingFact[] facts = [Started(0), Host(MeetingFactKind.Joined, 0), Ended(5), Started(7, "uuid-2=="), Host(MeetingFactKind.Joined, 7, "uuid-2==")];

        // Act
        var decision = Decide(facts, nowMinute: 8);

        // Assert
        Assert.Equal(OutcomeStatus.Pending, decision.Status);
        Assert.True(decision.HostInMeeting);
        Assert.True(decision.MeetingRunning);
    }

    [Fact]
    public void Decide_ShuffledAndRepeatedEvents_SameOutcome()
    {
        // Arrange
        MeetingFact[] facts = [Client(MeetingFactKind.WaitingRoom, -1), Started(3), Host(MeetingFactKind.Joined, 3), Client(MeetingFactKind.Joined, 4),
            Client(MeetingFactKind.Left, 30), Client(MeetingFactKind.Joined, 31), Host(MeetingFactKind.Left, 59), Client(MeetingFactKind.Left, 59), Ended(59)];
        var expected = Decide(facts);
        var random = new Random(18);

        for (var round = 0; round < 20; round++)
        {
            // Act: every event may come late and more than once (each repeat a new object, as from a new delivery).
            var delivered = facts.Concat(facts.Where(_ => random.Next(2) == 0)).OrderBy(_ => random.Next()).Select(Copy).ToList();
            var decision = Decide(delivered);

            // Assert
            Assert.Equal(expected.Status, decision.Status);
            Assert.Equal(expected.ActualStart, decision.ActualStart);
            Assert.Equal(expected.ActualEnd, decision.ActualEnd);
            Assert.Equal(expected.Attendance, decision.Attendance);
        }
        Assert.Equal(OutcomeStatus.Held, expected.Status);
    }

    private static MeetingFact Copy(MeetingFact f) => new()
    {
        SessionId = f.SessionId,
        Kind = f.Kind,
        MeetingUuid = f.MeetingUuid,
        At = f.At,
        ParticipantKey = f.ParticipantKey,
        ParticipantName = f.ParticipantName,
        ParticipantEmail = f.ParticipantEmail,
        ZoomUserId = f.ZoomUserId,
        MeetingUserId = f.MeetingUserId,
        Key = f.Key,
    };

    [Fact]
    public void Decide_TwoPeopleWithTheClientsNameAtOnce_BothUnmatched()
    {
        // Arrange: no e-mail (outside the host's account) and the name is ambiguous.
        MeetingFact[] facts = [Started(0), Host(MeetingFactKind.Joined, 0), Client(MeetingFactKind.Joined, 1, participantUuid: "p-a"),
            Client(MeetingFactKind.Joined, 2, participantUuid: "p-b"), Ended(40)];

        // Act
        var decision = Decide(facts);

        // Assert
        Assert.Equal(2, decision.Attendance.Count(a => a.Role == AttendeeRole.Unmatched));
        Assert.Equal(OutcomeStatus.ClientDidNotCome, decision.Status);
    }

    [Fact]
    public void Decide_ClientByEmail_MatchedWhateverTheName()
    {
        // Arrange
        var client = MeetingFacts.Participant(1, MeetingFactKind.Joined, Uuid, At(1), "p-c", "zoom-c", "1", "C. from the library PC", "Client@Student.example.edu");
        MeetingFact[] facts = [Started(0), Host(MeetingFactKind.Joined, 0), client, Ended(40)];

        // Act
        var decision = Decide(facts);

        // Assert
        Assert.Equal(AttendeeRole.Client, decision.Attendance.Single(a => a.ParticipantKey == "p:p-c").Role);
        Assert.Equal(OutcomeStatus.Held, decision.Status);
    }

    [Fact]
    public void Decide_DirectorAssignsUnmatchedParticipant_Held()
    {
        // Arrange: the client joined under a nickname.
        MeetingFact[] facts = [Started(0), Host(MeetingFactKind.Joined, 0), Client(MeetingFactKind.Joined, 1, name: "KC"), Ended(40)];
        var assignments = new Dictionary<string, AttendeeRole> { ["p:p-client"] = AttendeeRole.Client };

        // Act
        var unassigned = Decide(facts);
        var assigned = Decide(facts, assignments: assignments);

        // Assert
        Assert.Equal(OutcomeStatus.ClientDidNotCome, unassigned.Status);
        Assert.Equal(OutcomeStatus.Held, assigned.Status);
        Assert.True(assigned.Attendance.Single(a => a.Role == AttendeeRole.Client).Assigned);
    }

    [Fact]
    public void Decide_StartAndEndWithoutParticipantData_HostCameClientDidNot()
    {
        // Arrange: the past meeting report said one participant (the list comes back empty then), no webhooks arrived.
        MeetingFact[] facts = [Started(0), Ended(30)];

        // Act
        var decision = Decide(facts);

        // Assert
        Assert.Equal(OutcomeStatus.ClientDidNotCome, decision.Status);
    }
}
