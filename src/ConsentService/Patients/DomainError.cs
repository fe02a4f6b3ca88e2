namespace Consent.Service.Patients;

/// <summary>A refusal by the rules, with the public problem code and HTTP status it maps to.</summary>
public sealed record DomainError(string Code, int Status, string Detail)
{
    public static DomainError Forbidden(string detail) => new("forbidden", 403, detail);
    public static DomainError UnknownRelation(Guid id) => new("unknown-relation", 404, $"No relation {id} for this patient.");
    public static DomainError InvalidPeriod(string detail) => new("invalid-period", 400, detail);
    public static DomainError Deceased() => new("patient-deceased", 422, "The patient is recorded as deceased.");
}

/// <summary>The decider's answer: the events to append (none when nothing changes), or a refusal.</summary>
public sealed record Decision(IReadOnlyList<PatientEvent> Events, DomainError? Error = null)
{
    public static readonly Decision NoChange = new([]);

    public static Decision Of(params PatientEvent[] events) => new(events);

    public static Decision Refuse(DomainError error) => new([], error);

    public bool Refused => Error is not null;
}
