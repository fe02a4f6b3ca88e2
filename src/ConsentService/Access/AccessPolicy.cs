using Consent.Contracts.Identifiers;
using Consent.Service.Patients;

namespace Consent.Service.Access;

/// <summary>What the policy needs to know about the provider asking.</summary>
public sealed record ProviderAccessFacts(ProviderId Identity, IReadOnlyCollection<ProviderId> Institutions)
{
    public Profession Profession => Identity.Profession;
}

/// <summary>A question: may this provider see this patient's data (of this type) at this instant, and why?</summary>
public sealed record AccessQuestion(ProviderAccessFacts Provider, DocumentType? DocumentType, DateTimeOffset At, string? BreakTheGlass);

/// <summary>The answer: permit or deny, every reason found in evaluation order, and whether it needs review.</summary>
public sealed record AccessVerdict(bool Permit, IReadOnlyList<string> Reasons, bool ReviewRequired);

/// <summary>
/// The access decision of domain.md, as a pure function of the patient's state as recorded at the
/// instant asked about. Every step is evaluated so that every reason is reported; any deny wins, and
/// nothing (break-the-glass included) overrides an exclusion.
/// </summary>
public static class AccessPolicy
{
    public const int BreakTheGlassMin = 10;
    public const int BreakTheGlassMax = 500;

    public static AccessVerdict Decide(PatientState state, AccessQuestion question, AccessMatrix matrix)
    {
        var reasons = new List<string>(3);
        var deny = false;
        var review = false;

        if (state.IsDeceased)
        {
            reasons.Add(AccessReasons.PatientDeceased);
            deny = true;
        }
        if (state.Consent != ConsentStatus.Given)
        {
            reasons.Add(AccessReasons.NoConsent);
            deny = true;
        }
        if (state.ExclusionOf(question.Provider.Identity) is not null)
        {
            reasons.Add(AccessReasons.Excluded);
            deny = true;
        }

        if (HasActiveRelation(state, question.Provider, question.At))
        {
            reasons.Add(AccessReasons.TherapeuticRelation);
        }
        else if (question.BreakTheGlass is { } justification && IsValidJustification(justification))
        {
            reasons.Add(AccessReasons.BreakTheGlass);
            review = true;
        }
        else
        {
            reasons.Add(AccessReasons.NoTherapeuticRelation);
            deny = true;
        }

        if (question.DocumentType is { } documentType && !matrix.MayRead(question.Provider.Profession, documentType))
        {
            reasons.Add(AccessReasons.ProfessionNotPermitted);
            deny = true;
        }

        return new AccessVerdict(!deny, reasons, review);
    }

    public static bool IsValidJustification(string text) =>
        text.Trim().Length is >= BreakTheGlassMin and <= BreakTheGlassMax;

    // A relation counts when it is the provider's own (by 8-digit identity, whatever the qualification)
    // or held by an institution the provider works at: the hospital's circle of trust.
    private static bool HasActiveRelation(PatientState state, ProviderAccessFacts provider, DateTimeOffset at) =>
        state.Relations.Exists(r => r.IsActiveAt(at)
            && (r.Provider.Identity == provider.Identity || provider.Institutions.Contains(r.Provider.Identity)));
}
