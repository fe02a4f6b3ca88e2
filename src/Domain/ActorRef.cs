namespace Consent.Domain;

/// <summary>The actor of a change: a kind (patient, representative, provider, his, ...) and an id.</summary>
public sealed record ActorRef(string Kind, string Id, string? OnBehalfOf = null);
