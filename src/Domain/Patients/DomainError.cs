namespace Consent.Domain;

/// <summary>
/// A refusal by the rules: a public problem code (api.md) and a readable detail. How a refusal travels
/// back (an HTTP status, a dead letter, a reply) is decided by each edge in one place.
/// </summary>
public sealed record DomainError(string Code, string Detail)
{
    public static DomainError InvalidRequest(string detail) => new(ErrorCodes.InvalidRequest, detail);
    public static DomainError Forbidden(string detail) => new(ErrorCodes.Forbidden, detail);
    public static DomainError UnknownRelation(Guid id) => new(ErrorCodes.UnknownRelation, $"No relation {id} for this patient.");
    public static DomainError InvalidPeriod(string detail) => new(ErrorCodes.InvalidPeriod, detail);
    public static DomainError InvalidRelationType(string detail) => new(ErrorCodes.InvalidRelationType, detail);
    public static DomainError Deceased() => new(ErrorCodes.PatientDeceased, "The patient is recorded as deceased.");
}

/// <summary>The refusal as an exception, for the edges that stop at the first wrong input.</summary>
public sealed class RefusedException(DomainError error) : Exception(error.Detail)
{
    public RefusedException(string code, string detail) : this(new DomainError(code, detail)) { }

    public DomainError Error { get; } = error;

    public string Code => Error.Code;

    public static RefusedException InvalidRequest(string detail) => new(DomainError.InvalidRequest(detail));
    public static RefusedException InvalidInss(string field = "patient") => new(ErrorCodes.InvalidInss, $"{field} is not a valid INSS or BIS number (11 digits, check digits mod 97).");
    public static RefusedException InvalidNihdi(string field = "provider") => new(ErrorCodes.InvalidNihdi, $"{field} is not a valid NIHDI (RIZIV/INAMI) number.");
    public static RefusedException Forbidden(string detail) => new(DomainError.Forbidden(detail));
    public static RefusedException UnknownProvider(string nihdi) => new(ErrorCodes.UnknownProvider, $"Provider {nihdi} is not in the directory.");
    public static RefusedException UnknownRelation(string id) => new(ErrorCodes.UnknownRelation, $"No relation {id} for this patient.");
}

/// <summary>The decider's answer: the events to append (none when nothing changes), or a refusal.</summary>
public sealed record Decision(IReadOnlyList<PatientEvent> Events, DomainError? Error = null)
{
    public static readonly Decision NoChange = new([]);

    public static Decision Of(params PatientEvent[] events) => new(events);

    public static Decision Refuse(DomainError error) => new([], error);

    public bool Refused => Error is not null;
}
