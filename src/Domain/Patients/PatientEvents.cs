using Consent.Contracts.Identifiers;

namespace Consent.Domain;

/// <summary>What can happen to a patient's care relations. Each has a stable name in the store and on the bus.</summary>
public abstract record PatientEvent;

public sealed record ConsentGiven(ConsentType ConsentType) : PatientEvent;

public sealed record ConsentRevoked : PatientEvent;

public sealed record PatientDeceased(DateOnly Date) : PatientEvent;

public sealed record TherapeuticRelationAdded(
    Guid RelationId, Nihdi Provider, RelationType RelationType, DateTimeOffset Start, DateTimeOffset End, ProofType Proof,
    ProviderId? Institution = null) : PatientEvent;

public sealed record TherapeuticRelationRenewed(Guid RelationId, DateTimeOffset End, ProofType Proof) : PatientEvent;

public sealed record TherapeuticRelationEnded(Guid RelationId, DateTimeOffset EndedAt) : PatientEvent;

public sealed record ExclusionAdded(Nihdi Provider, string? Reason) : PatientEvent;

public sealed record ExclusionLifted(ProviderId Provider) : PatientEvent;
