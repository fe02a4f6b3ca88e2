using System.Buffers;
using System.Globalization;
using System.Text;
using Consent.Contracts.Identifiers;

namespace Consent.Domain;

/// <summary>What the policy needs to know about the provider asking.</summary>
public sealed record ProviderAccessFacts(ProviderId Identity, IReadOnlyCollection<ProviderId> Institutions)
{
    public Profession Profession => Identity.Profession;
}

/// <summary>A question: may this provider see this patient's data (of this type) at this instant, and why?</summary>
public sealed record AccessQuestion(ProviderAccessFacts Provider, DocumentType? DocumentType, DateTimeOffset At, string? BreakTheGlass);

/// <summary>The answer: permit or deny, every reason found in evaluation order, and whether it needs review.</summary>
public sealed record AccessVerdict(bool Permit, IReadOnlyList<string> Reasons, bool ReviewRequired);

/// <summary>A provider who can see the patient's data now, through which relation; a hospital opens it to its staff.</summary>
public sealed record Visibility(Relation Through, bool IncludesStaff);

/// <summary>
/// The access decision of domain.md, as a pure function of the patient's state as recorded at the
/// instant asked about. Every step is evaluated so that every reason is reported; any deny wins, and
/// nothing (break-the-glass included) overrides an exclusion. "Who can see my data" is the same
/// policy asked for every provider the patient's relations reach, so the two can never disagree.
/// </summary>
public static class AccessPolicy
{
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

        if (state.Relations.Exists(r => r.IsActiveAt(question.At) && Reaches(state, r, question.Provider)))
        {
            reasons.Add(AccessReasons.TherapeuticRelation);
        }
        else if (question.BreakTheGlass is { } justification && BreakTheGlass.IsValid(justification))
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

    /// <summary>
    /// Every active relation whose provider the policy permits now (no document type asked). A hospital's
    /// relation opens the data to its staff exactly when the hospital itself passes the policy.
    /// </summary>
    public static IReadOnlyList<Visibility> VisibleTo(PatientState state, DateTimeOffset now, AccessMatrix matrix) =>
        state.Relations
            .Where(r => r.IsActiveAt(now))
            .Where(r => Decide(state, new AccessQuestion(new ProviderAccessFacts(r.Provider.Identity, []), null, now, null), matrix).Permit)
            .Select(r => new Visibility(r, r.Provider.Identity.Profession == Profession.Hospital))
            .ToList();

    // A relation counts when it is the provider's own (by 8-digit identity, whatever the qualification)
    // or held by an institution the provider works at: the hospital's circle of trust, which an
    // exclusion of that hospital closes (a personal relation with its staff still counts).
    private static bool Reaches(PatientState state, Relation relation, ProviderAccessFacts provider) =>
        relation.Provider.Identity == provider.Identity
        || (provider.Institutions.Contains(relation.Provider.Identity) && state.ExclusionOf(relation.Provider.Identity) is null);
}

/// <summary>
/// A break-the-glass justification: 10 to 500 characters, at least 10 of them letters or digits, and no
/// control or format character (zero-width spaces are not words). Anything else is refused, never a permit.
/// </summary>
public static class BreakTheGlass
{
    public const int MinLength = 10;
    public const int MaxLength = 500;
    public const int MinLettersOrDigits = 10;

    public static bool IsValid(string text)
    {
        // Characters as a reader counts them (Unicode scalar values): an emoji is one, not its two UTF-16 halves.
        var characters = 0;
        var meaningful = 0;
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var used) != OperationStatus.Done)
            {
                return false;
            }
            rest = rest[used..];
            characters++;
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format || characters > MaxLength)
            {
                return false;
            }
            if (Rune.IsLetterOrDigit(rune))
            {
                meaningful++;
            }
        }
        return characters >= MinLength && meaningful >= MinLettersOrDigits;
    }

    public const string Rule = "breakTheGlass must be a justification of 10 to 500 characters, with at least 10 letters or digits and no control or format characters.";
}
