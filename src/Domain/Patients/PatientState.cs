using System.Collections.Immutable;
using Consent.Contracts.Identifiers;

namespace Consent.Domain;

/// <summary>
/// A patient's care relations as folded from their stream: what the decider and the access policy
/// need, and nothing of the store (version and position live in the snapshot around it).
/// </summary>
public sealed record PatientState
{
    public static readonly PatientState Initial = new();

    public ConsentStatus Consent { get; init; } = ConsentStatus.None;
    public ConsentType? ConsentType { get; init; }
    public DateTimeOffset? ConsentChangedAt { get; init; }
    public ActorRef? ConsentChangedBy { get; init; }
    public DateOnly? DeceasedOn { get; init; }
    public ImmutableList<Relation> Relations { get; init; } = [];
    public ImmutableList<Exclusion> Exclusions { get; init; } = [];

    public bool IsDeceased => DeceasedOn is not null;

    public Exclusion? ExclusionOf(ProviderId provider) => Exclusions.Find(e => e.Provider.Identity == provider);

    public Relation? RelationById(Guid id) => Relations.Find(r => r.Id == id);
}

/// <summary>
/// A therapeutic relation; active at t when Start &lt;= t &lt; End and not ended by t. Institution is the
/// hospital whose system registered it, which may also end it.
/// </summary>
public sealed record Relation(
    Guid Id,
    Nihdi Provider,
    RelationType Type,
    DateTimeOffset Start,
    DateTimeOffset End,
    ProofType Proof,
    ActorRef RegisteredBy,
    DateTimeOffset RegisteredAt,
    ProviderId? Institution = null,
    DateTimeOffset? EndedAt = null,
    ActorRef? EndedBy = null)
{
    public RelationStatus StatusAt(DateTimeOffset t) =>
        EndedAt is { } ended && ended <= t ? RelationStatus.Ended
        : t < Start ? RelationStatus.Future
        : t >= End ? RelationStatus.Expired
        : RelationStatus.Active;

    public bool IsActiveAt(DateTimeOffset t) => StatusAt(t) == RelationStatus.Active;
}

/// <summary>A provider the patient barred by name; it holds until lifted.</summary>
public sealed record Exclusion(Nihdi Provider, string? Reason, DateTimeOffset Since, ActorRef By);
