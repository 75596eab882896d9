namespace Portal.Core.Features.Outcomes;

/// <summary>Audit action names of session outcomes; stored in the audit log, so a value never changes.</summary>
public static class OutcomeAuditActions
{
    public const string Corrected = "session.outcome-corrected";
    public const string ParticipantAssigned = "session.participant-assigned";
}
