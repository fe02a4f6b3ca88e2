namespace Consent.Service.Access;

/// <summary>One decision as the access log keeps it: its instants to the microsecond, as stored and hashed.</summary>
public sealed record AccessLogEntry(
    string Patient,
    DateTimeOffset LoggedAt,
    DateTimeOffset DecidedFor,
    string Provider,
    string? DocumentType,
    string Decision,
    IReadOnlyList<string> Reasons,
    string? BreakTheGlass,
    bool ReviewRequired,
    string RequestedByKind,
    string RequestedById,
    long Position)
{
    public DateTimeOffset LoggedAt { get; init; } = Auditing.StorePrecision.Truncate(LoggedAt);

    public DateTimeOffset DecidedFor { get; init; } = Auditing.StorePrecision.Truncate(DecidedFor);
}
