using Consent.Service.Patients;
using static Consent.UnitTests.Patients.Decisions;
using static Consent.UnitTests.Patients.TestData;

namespace Consent.UnitTests.Patients;

/// <summary>Ending a therapeutic relation: the portal's trash button, and providers ending their own.</summary>
public sealed class RelationEndTests
{
    [Fact]
    public void Ending_an_unknown_relation_is_refused_as_unknown()
    {
        var id = Guid.NewGuid();

        var decision = new PatientHistory().Do(new EndTherapeuticRelation(As.Patient, id));

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

        var ended = patient.Single<TherapeuticRelationEnded>(new EndTherapeuticRelation(As.Role(role), relation.Id), at);

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

        patient.Single<TherapeuticRelationEnded>(new EndTherapeuticRelation(As.Provider(GpRequalified), relation.Id));
    }

    [Fact]
    public void A_provider_may_not_end_another_providers_relation()
    {
        var patient = new PatientHistory();
        var relation = patient.Relation(Gp);

        AssertRefused(patient.Do(new EndTherapeuticRelation(As.Provider(OtherPhysician), relation.Id)), "forbidden", 403);
        Assert.Null(patient.State.RelationById(relation.Id)!.EndedAt);
    }

    [Fact]
    public void A_hospital_system_ends_the_relations_it_registered_for_its_staff()
    {
        var patient = new PatientHistory();
        var relation = patient.Relation(Gp, by: As.His(Hospital));

        patient.Single<TherapeuticRelationEnded>(new EndTherapeuticRelation(As.His(Hospital), relation.Id));
    }

    [Fact]
    public void A_hospital_system_ends_a_relation_with_its_hospital_whoever_registered_it()
    {
        var patient = new PatientHistory();
        var relation = patient.Relation(Hospital, RelationType.PatientDeclared, As.Patient);

        patient.Single<TherapeuticRelationEnded>(new EndTherapeuticRelation(As.His(Hospital), relation.Id));
    }

    [Fact]
    public void A_hospital_system_may_not_end_relations_of_another_hospital_or_of_outside_providers()
    {
        var patient = new PatientHistory();
        var otherHospitals = patient.Relation(OtherHospital, RelationType.Hospitalisation, As.His(OtherHospital));
        var gpsOwn = patient.Relation(Gp);

        AssertRefused(patient.Do(new EndTherapeuticRelation(As.His(Hospital), otherHospitals.Id)), "forbidden", 403);
        AssertRefused(patient.Do(new EndTherapeuticRelation(As.His(Hospital), gpsOwn.Id)), "forbidden", 403);
    }

    [Fact]
    public void Ending_a_relation_twice_changes_nothing_the_second_time()
    {
        var patient = new PatientHistory();
        var relation = patient.Relation(Gp);
        patient.Single<TherapeuticRelationEnded>(new EndTherapeuticRelation(As.Patient, relation.Id));

        AssertNoChange(patient.Do(new EndTherapeuticRelation(As.Patient, relation.Id), Now.AddDays(1)));
        Assert.Equal(Now, patient.State.RelationById(relation.Id)!.EndedAt);
    }
}
