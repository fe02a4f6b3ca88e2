namespace Consent.Service.EventStore;

/// <summary>
/// The Idempotency-Key already has a stored answer (its first request committed first): nothing was written,
/// and the caller replays that answer.
/// </summary>
public sealed class IdempotencyKeyUsedException(Exception? inner = null)
    : Exception("This Idempotency-Key already has an answer.", inner);
