namespace Consent.Service.Access;

/// <summary>One decision as the access log keeps it.</summary>
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
    long Position);
