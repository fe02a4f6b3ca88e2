namespace Consent.Service.EventStore;

/// <summary>Who caused an event, through which channel, and in which conversation.</summary>
public sealed record EventMetadata(
    ActorRef Actor,
    string Channel,
    string CorrelationId,
    string? CausationId = null,
    string? TraceParent = null);

/// <summary>The actor of a change: a kind (patient, representative, provider, his, ...) and an id.</summary>
public sealed record ActorRef(string Kind, string Id, string? OnBehalfOf = null);
