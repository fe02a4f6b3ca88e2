namespace Consent.Service.Messaging;

// Bodies of the bus commands as api.md defines them. Read strictly (unknown or missing members are
// refused), and identifiers stay strings here so that a bad number gets its own code
// (invalid-inss, invalid-nihdi) instead of a generic invalid-request.

/// <summary>The person or system acting inside the hospital, for instance a staff NIHDI.</summary>
public sealed record BusActor(string Kind, string Id);

public sealed record GiveConsentBody(string Patient, BusActor Actor, string? Type = null);

public sealed record RevokeConsentBody(string Patient, BusActor Actor);

public sealed record AddTherapeuticRelationBody(
    string Patient, string Provider, string Type, string Proof, BusActor Actor, DateTimeOffset? Start = null, DateTimeOffset? End = null);

public sealed record EndTherapeuticRelationBody(string Patient, string RelationId, BusActor Actor);

public sealed record RecordDeathBody(string Patient, DateOnly Date, BusActor Actor);
