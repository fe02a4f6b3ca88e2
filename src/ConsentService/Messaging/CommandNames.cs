namespace Consent.Service.Messaging;

/// <summary>The AMQP `type` of the commands api.md names. Exclusions exist but are refused on the bus.</summary>
public static class CommandNames
{
    public const string GiveConsent = "GiveConsent";
    public const string RevokeConsent = "RevokeConsent";
    public const string AddTherapeuticRelation = "AddTherapeuticRelation";
    public const string EndTherapeuticRelation = "EndTherapeuticRelation";
    public const string RecordDeath = "RecordDeath";
    public const string AddExclusion = "AddExclusion";
    public const string LiftExclusion = "LiftExclusion";

    /// <summary>Commands the bus carries out (for a user allowed them).</summary>
    public static readonly IReadOnlySet<string> Applicable = new HashSet<string>(StringComparer.Ordinal)
    {
        GiveConsent, RevokeConsent, AddTherapeuticRelation, EndTherapeuticRelation, RecordDeath,
    };

    /// <summary>
    /// Exclusions are the patient's own decision (api.md role table): no hospital system may send them, under
    /// whatever name (AddExclusion, RemoveExclusion, ExcludeProvider...): any type that speaks of an exclusion.
    /// </summary>
    public static bool IsExclusion(string name) =>
        name.Contains("exclusion", StringComparison.OrdinalIgnoreCase) || name.Contains("exclude", StringComparison.OrdinalIgnoreCase);
}
