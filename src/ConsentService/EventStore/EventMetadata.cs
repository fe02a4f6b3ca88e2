namespace Consent.Service.EventStore;

/// <summary>
/// Who caused an event, through which channel, and in which conversation. On the bus, Sender is the
/// broker user that sent the command (verified by the broker) and SenderInstitution the hospital it
/// speaks for, so the record always names the system that acted, whoever it names as actor.
/// </summary>
public sealed record EventMetadata(
    ActorRef Actor,
    string Channel,
    string CorrelationId,
    string? CausationId = null,
    string? TraceParent = null,
    string? Sender = null,
    string? SenderInstitution = null);
