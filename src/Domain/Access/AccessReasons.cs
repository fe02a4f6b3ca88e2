namespace Consent.Domain;

/// <summary>The public reason codes of a decision (api.md).</summary>
public static class AccessReasons
{
    public const string PatientDeceased = "patient-deceased";
    public const string NoConsent = "no-consent";
    public const string Excluded = "excluded";
    public const string NoTherapeuticRelation = "no-therapeutic-relation";
    public const string ProfessionNotPermitted = "profession-not-permitted";
    public const string TherapeuticRelation = "therapeutic-relation";
    public const string BreakTheGlass = "break-the-glass";
}
