using Consent.Contracts.Identifiers;

namespace Consent.Domain;

/// <summary>
/// Who registers a minor's consent (domain.md, Representatives): a parent acts for a child under 16, and
/// from 16 (configurable) the minor registers their own consent; from 18 a representative (a legal
/// representative or a mandate holder) acts for the adult again. Providers and hospital desks register
/// consent at any age, at the patient's request.
/// </summary>
/// <remarks>
/// The age is the patient's INSS birth date's, in whole years on the command's date in <see cref="Zone"/>: a
/// Belgian turns sixteen at midnight in Brussels, an hour or two before the UTC date changes (the service sets
/// Europe/Brussels). A number that does not state its date fully (month or day 00, as some BIS numbers) leaves
/// the rule out: nobody can tell.
/// </remarks>
public sealed class ConsentAge
{
    public const int Adulthood = 18;

    /// <summary>domain.md's age from which a minor registers their own consent, unless configured otherwise.</summary>
    public const int DefaultOwnConsentFrom = 16;

    /// <summary>The age from which a minor registers their own consent and a parent no longer does.</summary>
    public int OwnConsentFrom { get; init; } = DefaultOwnConsentFrom;

    /// <summary>The time zone whose calendar date a birthday falls on.</summary>
    public TimeZoneInfo Zone { get; init; } = TimeZoneInfo.Utc;

    public DomainError? Refusal(Inss patient, Acting acting, DateTimeOffset now)
    {
        if (!acting.IsPatientSide || patient.BirthDate is not { } born)
        {
            return null;
        }
        var age = AgeOn(born, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone).DateTime));
        return acting.Role switch
        {
            ActorKinds.Patient when age < OwnConsentFrom =>
                DomainError.Forbidden($"Under {OwnConsentFrom}, a patient's consent is registered by a parent or representative."),
            ActorKinds.Representative when age >= OwnConsentFrom && age < Adulthood =>
                DomainError.Forbidden($"From {OwnConsentFrom}, a minor registers their own consent."),
            _ => null,
        };
    }

    public static int AgeOn(DateOnly born, DateOnly day)
    {
        var age = day.Year - born.Year;
        return day < born.AddYears(age) ? age - 1 : age;
    }
}
