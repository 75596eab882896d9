namespace Portal.Core.Features.Outcomes;

/// <summary>In-process notice that a session's outcome or live state changed, so open pages refresh without polling the database often.</summary>
public sealed class OutcomeSignals
{
    public event Action<long>? Changed;

    public void Raise(long sessionId) => Changed?.Invoke(sessionId);
}
