using static Consent.UnitTests.Patients.Decisions;
using static Consent.UnitTests.Patients.TestData;

namespace Consent.UnitTests.Patients;

/// <summary>Ending a therapeutic relation: the portal's trash button, and providers ending their own.</summary>
public sealed class RelationEndTests
{
    [Fact]
    public void Ending_an_unknown_relation_is_refused_as_unknown()
    {
        var id = Id(404);

        var decision = new PatientHistory().Do(new EndTherapeuticRelation(As.Patient, Now, id));

        AssertRefused(decision, "unknown-relation", 404);
        Assert.Contains(id.ToString(), decision.Error!.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("patient")]
    [InlineData("representative")]
    public void The_patient_side_ends_any_relation_at_once(string role)
    {
        var patient = new PatientHistory();
        var relation = patient.Relation(Gp, by: As.His(Hospital), type: RelationType.Consultation);
        var at = Now.AddDays(5);

        var ended = patient.Single<TherapeuticRelationEnded>(new EndTherapeuticRelation(As.Role(role), at, relation.Id));

        Assert.Equal((relation.Id, at), (ended.RelationId, ended.EndedAt));
        var recorded = patient.State.RelationById(relation.Id)!;
        Assert.Equal(RelationStatus.Ended, recorded.StatusAt(at));
        Assert.Equal(As.Role(role).Actor, recorded.EndedBy);
    }

    [Fact]
    public void A_provider_ends_its_own_relation_whatever_its_current_qualification()
    {
        var patient = new PatientHistory();
        var relation = patient.Relation(Gp);

        patient.Single<TherapeuticRelationEnded>(new EndTherapeuticRelation(As.Provider(GpRequalified), Now, relation.Id));
    }

    // Changed with the new rule: another provider's relation answers unknown-relation (it was forbidden),
    // exactly as an id that does not exist, so that relation ids are not revealed.
    [Fact]
    public void A_provider_ending_another_providers_relation_is_answered_as_if_it_did_not_exist()
    {
        var patient = new PatientHistory();
        var relation = patient.Relation(Gp);

        var decision = patient.Do(new EndTherapeuticRelation(As.Provider(OtherPhysician), Now, relation.Id));

        AssertRefused(decision, "unknown-relation", 404);
        Assert.Equal(DomainError.UnknownRelation(relation.Id), decision.Error);
        Assert.Null(patient.State.RelationById(relation.Id)!.EndedAt);
    }

    [Fact]
    public void A_hospital_system_ends_the_relations_it_registered_for_its_staff()
    {
        var patient = new PatientHistory();
        var relation = patient.Relation(Gp, by: As.His(Hospital));

        patient.Single<TherapeuticRelationEnded>(new EndTherapeuticRelation(As.His(Hospital), Now, relation.Id));
    }

    [Fact]
    public void A_hospital_system_ends_a_relation_with_its_hospital_whoever_registered_it()
    {
        var patient = new PatientHistory();
        var relation = patient.Relation(Hospital, RelationType.PatientDeclared, As.Patient);

        patient.Single<TherapeuticRelationEnded>(new EndTherapeuticRelation(As.His(Hospital), Now, relation.Id));
    }

    // Changed with the new rule: unknown-relation (it was forbidden).
    [Fact]
    public void A_hospital_system_ending_relations_of_another_hospital_or_of_outside_providers_is_answered_as_unknown()
    {
        var patient = new PatientHistory();
        var otherHospitals = patient.Relation(OtherHospital, RelationType.Hospitalisation, As.His(OtherHospital));
        var gpsOwn = patient.Relation(Gp);

        AssertRefused(patient.Do(new EndTherapeuticRelation(As.His(Hospital), Now, otherHospitals.Id)), "unknown-relation", 404);
        AssertRefused(patient.Do(new EndTherapeuticRelation(As.His(Hospital), Now, gpsOwn.Id)), "unknown-relation", 404);
        Assert.Equal(DomainError.UnknownRelation(gpsOwn.Id), patient.Do(new EndTherapeuticRelation(As.His(Hospital), Now, gpsOwn.Id)).Error);
        Assert.All(patient.State.Relations, r => Assert.Null(r.EndedAt));
    }

    [Fact]
    public void Ending_someone_elses_relation_and_ending_a_relation_that_does_not_exist_are_indistinguishable()
    {
        var patient = new PatientHistory();
        var gpsOwn = patient.Relation(Gp);
        var missing = Id(4040);

        var foreign = patient.Do(new EndTherapeuticRelation(As.Provider(Dentist), Now, gpsOwn.Id)).Error!;
        var unknown = patient.Do(new EndTherapeuticRelation(As.Provider(Dentist), Now, missing)).Error!;

        Assert.Equal(unknown.Code, foreign.Code);
        Assert.Equal(unknown.Detail.Replace(missing.ToString(), "{id}", StringComparison.Ordinal),
            foreign.Detail.Replace(gpsOwn.Id.ToString(), "{id}", StringComparison.Ordinal));
    }

    [Fact]
    public void An_authentic_source_ends_only_the_relations_it_recorded_and_learns_nothing_of_the_others()
    {
        var patient = new PatientHistory();
        var providers = patient.Relation(Gp);
        var recorded = patient.Relation(OtherPhysician, RelationType.Gmd, by: As.AuthenticSource);

        AssertRefused(patient.Do(new EndTherapeuticRelation(As.AuthenticSource, Now, providers.Id)), "unknown-relation", 404);
        var ended = patient.Single<TherapeuticRelationEnded>(new EndTherapeuticRelation(As.AuthenticSource, Now.AddDays(1), recorded.Id));
        Assert.Equal(recorded.Id, ended.RelationId);
    }

    [Fact]
    public void Ending_a_relation_twice_changes_nothing_the_second_time()
    {
        var patient = new PatientHistory();
        var relation = patient.Relation(Gp);
        patient.Single<TherapeuticRelationEnded>(new EndTherapeuticRelation(As.Patient, Now, relation.Id));

        AssertNoChange(patient.Do(new EndTherapeuticRelation(As.Patient, Now.AddDays(1), relation.Id)));
        Assert.Equal(Now, patient.State.RelationById(relation.Id)!.EndedAt);
    }
}
