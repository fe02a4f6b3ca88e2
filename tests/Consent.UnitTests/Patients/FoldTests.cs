using Consent.Service.EventStore;
using Consent.Service.Patients;
using static Consent.UnitTests.Patients.TestData;

namespace Consent.UnitTests.Patients;

/// <summary>
/// Folding a stream as the store returns it (type names and JSON) gives the patient's state, and beside
/// it what only the store knows (version, position, last recorded instant).
/// </summary>
public sealed class FoldTests
{
    private static readonly ActorRef PatientActor = As.Patient.Actor;
    private static readonly ActorRef GpActor = As.Provider(Gp).Actor;

    private static StoredEvent Stored(long version, PatientEvent e, ActorRef actor) =>
        new(1000 + version, Id(10_000 + (int)version), $"patient-{PatientInss}", version, PatientEventTypes.NameOf(e),
            PatientEventTypes.Serialize(e), new EventMetadata(actor, Channels.Portal, $"corr-{version}"), Now.AddDays(version));

    private static readonly Guid Consultation = Id(1);
    private static readonly Guid Gmd = Id(2);

    private static StoredEvent[] Stream() =>
    [
        Stored(1, new ConsentGiven(ConsentType.Retrospective), PatientActor),
        Stored(2, new TherapeuticRelationAdded(Consultation, Gp, RelationType.Consultation, Now, Now.AddMonths(15), ProofType.EidReading), GpActor),
        Stored(3, new TherapeuticRelationAdded(Gmd, Gp, RelationType.Gmd, Now, Now.AddMonths(12), ProofType.EidReading), GpActor),
        Stored(4, new TherapeuticRelationRenewed(Consultation, Now.AddMonths(16), ProofType.EidSigning), GpActor),
        Stored(5, new TherapeuticRelationEnded(Gmd, Now.AddDays(5)), PatientActor),
        Stored(6, new ExclusionAdded(Dentist, "no"), PatientActor),
        Stored(7, new ExclusionAdded(Nurse, null), PatientActor),
        Stored(8, new ExclusionLifted(Dentist.Identity), PatientActor),
        Stored(9, new ConsentRevoked(), PatientActor),
        Stored(10, new ConsentGiven(ConsentType.Prospective), PatientActor),
    ];

    [Fact]
    public void An_empty_stream_is_the_initial_state()
    {
        Assert.Equal(PatientState.Initial, PatientEvolution.Fold([]));
        Assert.Equal(PatientSnapshot.Initial, PatientReplay.Fold([]));
        Assert.Equal((0L, 0L, (DateTimeOffset?)null), (PatientSnapshot.Initial.Version, PatientSnapshot.Initial.Position, PatientSnapshot.Initial.LastRecordedAt));
    }

    [Fact]
    public void A_stream_folds_to_consent_relations_and_exclusions_as_recorded()
    {
        var snapshot = PatientReplay.Fold(Stream());
        var state = snapshot.State;

        AssertFoldedAsRecorded(state);
        Assert.Equal((10L, 1010L, Now.AddDays(10)), (snapshot.Version, snapshot.Position, snapshot.LastRecordedAt));
    }

    [Fact]
    public void The_pure_fold_of_events_and_contexts_gives_the_same_state_as_replaying_the_stored_stream()
    {
        var pairs = Stream().Select(s => (PatientEventTypes.Deserialize(s.Type, s.Data), PatientReplay.ContextOf(s)));

        var state = PatientEvolution.Fold(pairs);

        AssertFoldedAsRecorded(state);
    }

    [Fact]
    public void Evolution_takes_the_instant_and_actor_from_the_context()
    {
        var at = Now.AddHours(3);
        var state = PatientEvolution.Evolve(PatientState.Initial, new ConsentGiven(ConsentType.Retrospective), new EventContext(at, GpActor));

        Assert.Equal((ConsentStatus.Given, at, GpActor), (state.Consent, state.ConsentChangedAt, state.ConsentChangedBy));
    }

    [Fact]
    public void A_recorded_death_folds_to_a_deceased_patient()
    {
        var snapshot = PatientReplay.Fold([
            Stored(1, new ConsentGiven(ConsentType.Retrospective), PatientActor),
            Stored(2, new PatientDeceased(new DateOnly(2026, 2, 20)), As.AuthenticSource.Actor),
        ]);

        Assert.True(snapshot.State.IsDeceased);
        Assert.Equal(new DateOnly(2026, 2, 20), snapshot.State.DeceasedOn);
        Assert.Equal(2, snapshot.Version);
    }

    private static void AssertFoldedAsRecorded(PatientState state)
    {
        Assert.Equal(ConsentStatus.Given, state.Consent);
        Assert.Equal(ConsentType.Prospective, state.ConsentType);
        Assert.Equal(Now.AddDays(10), state.ConsentChangedAt);
        Assert.Equal(PatientActor, state.ConsentChangedBy);
        Assert.False(state.IsDeceased);

        Assert.Equal([Consultation, Gmd], state.Relations.Select(r => r.Id));
        var renewed = state.RelationById(Consultation)!;
        Assert.Equal((Now.AddMonths(16), ProofType.EidSigning, GpActor, Now.AddDays(2)), (renewed.End, renewed.Proof, renewed.RegisteredBy, renewed.RegisteredAt));
        Assert.Null(renewed.EndedAt);
        var ended = state.RelationById(Gmd)!;
        Assert.Equal((Now.AddDays(5), PatientActor), (ended.EndedAt, ended.EndedBy));

        var exclusion = Assert.Single(state.Exclusions);
        Assert.Equal((Nurse, (string?)null, Now.AddDays(7)), (exclusion.Provider, exclusion.Reason, exclusion.Since));
    }
}
