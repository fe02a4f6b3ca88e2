using Consent.Contracts.Identifiers;
using Consent.Service.EventStore;

namespace Consent.Service.Patients;

/// <summary>Who asks for a change, as the domain rules need to know them.</summary>
/// <param name="Actor">The person or system acting (for a representative: OnBehalfOf is the patient).</param>
/// <param name="Role">patient, representative, provider, his, authentic-source.</param>
/// <param name="Provider">For a provider: its own identity.</param>
/// <param name="Institution">For a hospital system: the hospital it speaks for.</param>
public sealed record Acting(ActorRef Actor, string Role, ProviderId? Provider = null, ProviderId? Institution = null)
{
    public bool IsPatientSide => Role is ActorKinds.Patient or ActorKinds.Representative;
}

/// <summary>A provider as the directory knows it, for the rules that depend on where they work.</summary>
public sealed record ProviderFacts(Nihdi Nihdi, IReadOnlyCollection<ProviderId> Institutions);

public abstract record PatientCommand(Acting Acting);

public sealed record GiveConsent(Acting Acting, ConsentType Type) : PatientCommand(Acting);

public sealed record RevokeConsent(Acting Acting) : PatientCommand(Acting);

public sealed record RecordDeath(Acting Acting, DateOnly Date) : PatientCommand(Acting);

public sealed record AddTherapeuticRelation(
    Acting Acting, ProviderFacts Provider, RelationType Type, DateTimeOffset? Start, DateTimeOffset? End, ProofType? Proof)
    : PatientCommand(Acting);

public sealed record EndTherapeuticRelation(Acting Acting, Guid RelationId) : PatientCommand(Acting);

public sealed record AddExclusion(Acting Acting, Nihdi Provider, string? Reason) : PatientCommand(Acting);

public sealed record LiftExclusion(Acting Acting, ProviderId Provider) : PatientCommand(Acting);
