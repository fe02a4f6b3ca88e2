using Consent.Service.EventStore;

namespace Consent.Service.Patients;

/// <summary>Folds events into state. Pure: the same events always give the same state.</summary>
public static class PatientEvolution
{
    public static PatientState Evolve(PatientState state, PatientEvent e, RecordedMeta meta)
    {
        var next = e switch
        {
            ConsentGiven given => state with
            {
                Consent = ConsentStatus.Given,
                ConsentType = given.ConsentType,
                ConsentChangedAt = meta.RecordedAt,
                ConsentChangedBy = meta.Actor,
            },
            ConsentRevoked => state with
            {
                Consent = ConsentStatus.Revoked,
                ConsentChangedAt = meta.RecordedAt,
                ConsentChangedBy = meta.Actor,
            },
            PatientDeceased deceased => state with
            {
                DeceasedOn = deceased.Date,
                ConsentChangedAt = meta.RecordedAt,
                ConsentChangedBy = meta.Actor,
            },
            TherapeuticRelationAdded added => state with
            {
                Relations = state.Relations.Add(new Relation(
                    added.RelationId, added.Provider, added.RelationType, added.Start, added.End, added.Proof,
                    meta.Actor, meta.RecordedAt, added.Institution)),
            },
            TherapeuticRelationRenewed renewed => WithRelation(state, renewed.RelationId, r => r with { End = renewed.End, Proof = renewed.Proof }),
            TherapeuticRelationEnded ended => WithRelation(state, ended.RelationId, r => r with { EndedAt = ended.EndedAt, EndedBy = meta.Actor }),
            ExclusionAdded added => state with
            {
                Exclusions = state.Exclusions.Add(new Exclusion(added.Provider, added.Reason, meta.RecordedAt, meta.Actor)),
            },
            ExclusionLifted lifted => state with
            {
                Exclusions = state.Exclusions.RemoveAll(x => x.Provider.Identity == lifted.Provider),
            },
            _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "Unknown patient event."),
        };
        return next with { Version = meta.Version, Position = meta.Position, LastRecordedAt = meta.RecordedAt };
    }

    public static PatientState Fold(IEnumerable<StoredEvent> events) =>
        events.Aggregate(PatientState.Initial, (state, stored) =>
            Evolve(state, PatientEventTypes.Deserialize(stored.Type, stored.Data), RecordedMeta.Of(stored)));

    private static PatientState WithRelation(PatientState state, Guid id, Func<Relation, Relation> change)
    {
        var index = state.Relations.FindIndex(r => r.Id == id);
        return index < 0 ? state : state with { Relations = state.Relations.SetItem(index, change(state.Relations[index])) };
    }
}

/// <summary>What the store recorded about an event, as evolution needs it.</summary>
public sealed record RecordedMeta(long Version, long Position, DateTimeOffset RecordedAt, ActorRef Actor)
{
    public static RecordedMeta Of(StoredEvent stored) => new(stored.Version, stored.Position, stored.RecordedAt, stored.Metadata.Actor);
}
