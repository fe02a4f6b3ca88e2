namespace Consent.Service.Access;

public sealed record DecisionRequest(
    string Patient, string Provider, string? DocumentType = null, DateTimeOffset? At = null, string? BreakTheGlass = null, long? MinPosition = null);

public sealed record DecisionResponse(
    string Decision, IReadOnlyList<string> Reasons, string Patient, string Provider, DocumentType? DocumentType,
    DateTimeOffset At, long Position, bool ReviewRequired);

public sealed record BatchDecisionRequest(IReadOnlyList<DecisionRequest> Requests, long? MinPosition = null);

public sealed record BatchDecisionResponse(IReadOnlyList<DecisionResponse> Results);

public sealed record AccessLogView(
    long Id, DateTimeOffset At, string Provider, string? DocumentType, string Decision, IReadOnlyList<string> Reasons,
    string? BreakTheGlass, bool ReviewRequired, DateTimeOffset DecidedFor);
