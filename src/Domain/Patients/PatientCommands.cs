using Consent.Contracts.Identifiers;

namespace Consent.Domain;

/// <summary>Who asks for a change, as the domain rules need to know them.</summary>
/// <param name="Actor">The person or system acting (for a representative: OnBehalfOf is the patient).</param>
/// <param name="Role">patient, representative, provider, his, authentic-source (ActorKinds).</param>
/// <param name="Provider">For a provider: its own identity.</param>
/// <param name="Institution">For a hospital system: the hospital it speaks for.</param>
public sealed record Acting(ActorRef Actor, string Role, ProviderId? Provider = null, ProviderId? Institution = null)
{
    public bool IsPatientSide => Role is ActorKinds.Patient or ActorKinds.Representative;
}

/// <summary>A provider as the directory knows it, for the rules that depend on where they work.</summary>
public sealed record ProviderFacts(Nihdi Nihdi, IReadOnlyCollection<ProviderId> Institutions);

/// <summary>A command carries the instant it is decided at, so that deciding is a pure function.</summary>
public abstract record PatientCommand(Acting Acting, DateTimeOffset Now);

public sealed record GiveConsent(Acting Acting, DateTimeOffset Now, ConsentType Type) : PatientCommand(Acting, Now);

public sealed record RevokeConsent(Acting Acting, DateTimeOffset Now) : PatientCommand(Acting, Now);

public sealed record RecordDeath(Acting Acting, DateTimeOffset Now, DateOnly Date) : PatientCommand(Acting, Now);

/// <param name="NewRelationId">The id the relation gets if this command creates one (chosen by the caller, so Decide stays pure).</param>
public sealed record AddTherapeuticRelation(
    Acting Acting, DateTimeOffset Now, ProviderFacts Provider, RelationType Type, DateTimeOffset? Start, DateTimeOffset? End, ProofType? Proof,
    Guid NewRelationId)
    : PatientCommand(Acting, Now);

public sealed record EndTherapeuticRelation(Acting Acting, DateTimeOffset Now, Guid RelationId) : PatientCommand(Acting, Now);

public sealed record AddExclusion(Acting Acting, DateTimeOffset Now, Nihdi Provider, string? Reason) : PatientCommand(Acting, Now);

public sealed record LiftExclusion(Acting Acting, DateTimeOffset Now, ProviderId Provider) : PatientCommand(Acting, Now);
