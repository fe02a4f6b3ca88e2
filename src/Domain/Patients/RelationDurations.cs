namespace Consent.Domain;

/// <summary>How long each type of relation lasts by default (configurable; domain.md gives the defaults).</summary>
public sealed class RelationDurations
{
    public Dictionary<RelationType, int> Months { get; init; } = new()
    {
        [RelationType.Consultation] = 15,
        [RelationType.Pharmacy] = 15,
        [RelationType.Gmd] = 12,
        [RelationType.Hospitalisation] = 3,
        [RelationType.Referral] = 3,
        [RelationType.Emergency] = 1,
        [RelationType.PatientDeclared] = 15,
    };

    public DateTimeOffset EndOf(RelationType type, DateTimeOffset start) => start.AddMonths(Months[type]);
}
