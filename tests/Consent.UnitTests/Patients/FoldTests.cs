using Consent.Service.EventStore;
using Consent.Service.Patients;
using static Consent.UnitTests.Patients.TestData;

namespace Consent.UnitTests.Patients;

/// <summary>Folding a stream as the store returns it (type names and JSON) gives the patient's state.</summary>
public sealed class FoldTests
{
    private static readonly ActorRef PatientActor = As.Patient.Actor;
    private static readonly ActorRef GpActor = As.Provider(Gp).Actor;

    private static StoredEvent Stored(long version, PatientEvent e, ActorRef actor) =>
        new(1000 + version, Guid.NewGuid(), $"patient-{PatientInss}", version, PatientEventTypes.NameOf(e),
            PatientEventTypes.Serialize(e), new EventMetadata(actor, Channels.Portal, $"corr-{version}"), Now.AddDays(version));

    [Fact]
    public void An_empty_stream_is_the_initial_state()
    {
        Assert.Equal(PatientState.Initial, PatientEvolution.Fold([]));
    }

    [Fact]
    public void A_stream_folds_to_consent_relations_and_exclusions_as_recorded()
    {
        var consultation = Guid.NewGuid();
        var gmd = Guid.NewGuid();
        StoredEvent[] stream =
        [
            Stored(1, new ConsentGiven(ConsentType.Retrospective), PatientActor),
            Stored(2, new TherapeuticRelationAdded(consultation, Gp, RelationType.Consultation, Now, Now.AddMonths(15), ProofType.EidReading), GpActor),
            Stored(3, new TherapeuticRelationAdded(gmd, Gp, RelationType.Gmd, Now, Now.AddMonths(12), ProofType.EidReading), GpActor),
            Stored(4, new TherapeuticRelationRenewed(consultation, Now.AddMonths(16), ProofType.EidSigning), GpActor),
            Stored(5, new TherapeuticRelationEnded(gmd, Now.AddDays(5)), PatientActor),
            Stored(6, new ExclusionAdded(Dentist, "no"), PatientActor),
            Stored(7, new ExclusionAdded(Nurse, null), PatientActor),
            Stored(8, new ExclusionLifted(Dentist.Identity), PatientActor),
            Stored(9, new ConsentRevoked(), PatientActor),
            Stored(10, new ConsentGiven(ConsentType.Prospective), PatientActor),
        ];

        var state = PatientEvolution.Fold(stream);

        Assert.Equal(ConsentStatus.Given, state.Consent);
        Assert.Equal(ConsentType.Prospective, state.ConsentType);
        Assert.Equal(Now.AddDays(10), state.ConsentChangedAt);
        Assert.Equal(PatientActor, state.ConsentChangedBy);
        Assert.False(state.IsDeceased);

        Assert.Equal([consultation, gmd], state.Relations.Select(r => r.Id));
        var renewed = state.RelationById(consultation)!;
        Assert.Equal((Now.AddMonths(16), ProofType.EidSigning, GpActor, Now.AddDays(2)), (renewed.End, renewed.Proof, renewed.RegisteredBy, renewed.RegisteredAt));
        Assert.Null(renewed.EndedAt);
        var ended = state.RelationById(gmd)!;
        Assert.Equal((Now.AddDays(5), PatientActor), (ended.EndedAt, ended.EndedBy));

        var exclusion = Assert.Single(state.Exclusions);
        Assert.Equal((Nurse, (string?)null, Now.AddDays(7)), (exclusion.Provider, exclusion.Reason, exclusion.Since));

        Assert.Equal((10L, 1010L, Now.AddDays(10)), (state.Version, state.Position, state.LastRecordedAt));
    }

    [Fact]
    public void A_recorded_death_folds_to_a_deceased_patient()
    {
        var state = PatientEvolution.Fold([
            Stored(1, new ConsentGiven(ConsentType.Retrospective), PatientActor),
            Stored(2, new PatientDeceased(new DateOnly(2026, 2, 20)), As.AuthenticSource.Actor),
        ]);

        Assert.True(state.IsDeceased);
        Assert.Equal(new DateOnly(2026, 2, 20), state.DeceasedOn);
    }
}
