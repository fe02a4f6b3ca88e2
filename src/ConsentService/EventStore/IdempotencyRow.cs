namespace Consent.Service.EventStore;

/// <summary>
/// The answer to a write sent with an Idempotency-Key, stored by the very statement that appends the
/// write's events: one round trip and one commit instead of BEGIN, the append, the insert and COMMIT.
/// The answer's Consent-Position header is the one value known only once the events are in: the
/// statement writes it in (<see cref="PositionHeader"/>).
/// </summary>
public sealed record IdempotencyRow(string Principal, string Key, string RequestHash, int StatusCode, string HeadersJson, string? Body)
{
    public const string PositionHeader = "Consent-Position";
}
