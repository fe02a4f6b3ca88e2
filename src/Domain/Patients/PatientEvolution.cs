namespace Consent.Domain;

/// <summary>When an event was recorded and who caused it: what evolution needs of the store's record.</summary>
public sealed record EventContext(DateTimeOffset RecordedAt, ActorRef Actor);

/// <summary>Folds events into state. Pure: the same events always give the same state.</summary>
public static class PatientEvolution
{
    public static PatientState Evolve(PatientState state, PatientEvent e, EventContext context) => e switch
    {
        ConsentGiven given => state with
        {
            Consent = ConsentStatus.Given,
            ConsentType = given.ConsentType,
            ConsentChangedAt = context.RecordedAt,
            ConsentChangedBy = context.Actor,
        },
        ConsentRevoked => state with
        {
            Consent = ConsentStatus.Revoked,
            ConsentChangedAt = context.RecordedAt,
            ConsentChangedBy = context.Actor,
        },
        PatientDeceased deceased => state with
        {
            DeceasedOn = deceased.Date,
            ConsentChangedAt = context.RecordedAt,
            ConsentChangedBy = context.Actor,
        },
        TherapeuticRelationAdded added => state with
        {
            Relations = state.Relations.Add(new Relation(
                added.RelationId, added.Provider, added.RelationType, added.Start, added.End, added.Proof,
                context.Actor, context.RecordedAt, added.Institution)),
        },
        TherapeuticRelationRenewed renewed => WithRelation(state, renewed.RelationId, r => r with { End = renewed.End, Proof = renewed.Proof }),
        TherapeuticRelationEnded ended => WithRelation(state, ended.RelationId, r => r with { EndedAt = ended.EndedAt, EndedBy = context.Actor }),
        ExclusionAdded added => state with
        {
            Exclusions = state.Exclusions.Add(new Exclusion(added.Provider, added.Reason, context.RecordedAt, context.Actor)),
        },
        ExclusionLifted lifted => state with
        {
            Exclusions = state.Exclusions.RemoveAll(x => x.Provider.Identity == lifted.Provider),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "Unknown patient event."),
    };

    public static PatientState Fold(IEnumerable<(PatientEvent Event, EventContext Context)> events) =>
        events.Aggregate(PatientState.Initial, (state, recorded) => Evolve(state, recorded.Event, recorded.Context));

    private static PatientState WithRelation(PatientState state, Guid id, Func<Relation, Relation> change)
    {
        var index = state.Relations.FindIndex(r => r.Id == id);
        return index < 0 ? state : state with { Relations = state.Relations.SetItem(index, change(state.Relations[index])) };
    }
}
