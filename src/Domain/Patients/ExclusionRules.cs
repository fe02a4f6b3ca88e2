namespace Consent.Domain;

/// <summary>Exclusions are the patient's own decision: the one place that says who may manage them.</summary>
public static class ExclusionRules
{
    public const string PatientOnly = "Only the patient or their representative manages exclusions.";

    public static DomainError? MayManage(Acting acting) => acting.IsPatientSide ? null : DomainError.Forbidden(PatientOnly);
}
