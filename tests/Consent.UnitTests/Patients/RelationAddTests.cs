using Consent.Service.Patients;
using static Consent.UnitTests.Patients.Decisions;
using static Consent.UnitTests.Patients.TestData;

namespace Consent.UnitTests.Patients;

/// <summary>Adding and renewing therapeutic relations: periods and renewal.</summary>
public sealed class RelationAddTests
{
    [Theory]
    [InlineData(RelationType.Consultation, 15)]
    [InlineData(RelationType.Pharmacy, 15)]
    [InlineData(RelationType.Gmd, 12)]
    [InlineData(RelationType.Hospitalisation, 3)]
    [InlineData(RelationType.Referral, 3)]
    [InlineData(RelationType.Emergency, 1)]
    [InlineData(RelationType.PatientDeclared, 15)]
    public void Without_a_period_a_relation_starts_now_and_lasts_the_default_duration_of_its_type(RelationType type, int months)
    {
        var by = type == RelationType.PatientDeclared ? As.Patient : As.Provider(Gp);

        var added = new PatientHistory().Single<TherapeuticRelationAdded>(new AddTherapeuticRelation(by, Facts(Gp), type, null, null, null));

        Assert.Equal(Gp, added.Provider);
        Assert.Equal(type, added.RelationType);
        Assert.Equal(Now, added.Start);
        Assert.Equal(Now.AddMonths(months), added.End);
    }

    [Fact]
    public void An_explicit_start_and_end_are_kept()
    {
        var start = Now.AddDays(-3);
        var end = Now.AddDays(40);

        var added = new PatientHistory().Single<TherapeuticRelationAdded>(
            new AddTherapeuticRelation(As.Provider(Gp), Facts(Gp), RelationType.Referral, start, end, ProofType.EidSigning));

        Assert.Equal((start, end, ProofType.EidSigning), (added.Start, added.End, added.Proof));
    }

    [Fact]
    public void An_explicit_start_without_end_lasts_the_default_duration_from_that_start()
    {
        var start = Now.AddDays(-3);

        var added = new PatientHistory().Single<TherapeuticRelationAdded>(
            new AddTherapeuticRelation(As.Provider(Gp), Facts(Gp), RelationType.Gmd, start, null, null));

        Assert.Equal(start.AddMonths(12), added.End);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void An_end_not_after_the_start_is_an_invalid_period(int endAfterStartInDays)
    {
        var decision = new PatientHistory().Do(new AddTherapeuticRelation(
            As.Provider(Gp), Facts(Gp), RelationType.Consultation, Now, Now.AddDays(endAfterStartInDays), null));

        AssertRefused(decision, "invalid-period", 400);
    }

    [Fact]
    public void The_default_proof_is_an_eid_reading_or_for_the_patient_a_declaration()
    {
        var patient = new PatientHistory();

        Assert.Equal(ProofType.EidReading, patient.Relation(Gp).Proof);
        Assert.Equal(ProofType.PatientDeclaration, patient.Relation(OtherPhysician, RelationType.PatientDeclared, As.Patient).Proof);
    }

    [Fact]
    public void Registering_an_active_relation_again_renews_it_instead_of_adding_a_second()
    {
        var patient = new PatientHistory();
        var first = patient.Relation(Gp);
        var later = Now.AddMonths(2);

        var renewed = patient.Single<TherapeuticRelationRenewed>(
            new AddTherapeuticRelation(As.Provider(Gp), Facts(Gp), RelationType.Consultation, null, null, null), later);

        Assert.Equal(first.Id, renewed.RelationId);
        Assert.Equal(later.AddMonths(15), renewed.End);
        var relation = Assert.Single(patient.State.Relations);
        Assert.Equal(first.Start, relation.Start);
        Assert.Equal(later.AddMonths(15), relation.End);
    }

    [Fact]
    public void Renewing_with_an_earlier_end_changes_nothing()
    {
        var patient = new PatientHistory();
        var first = patient.Relation(Gp);

        var decision = patient.Do(new AddTherapeuticRelation(
            As.Provider(Gp), Facts(Gp), RelationType.Consultation, Now, first.End.AddDays(-1), null), Now.AddDays(1));

        AssertNoChange(decision);
        Assert.Equal(first.End, Assert.Single(patient.State.Relations).End);
    }

    [Fact]
    public void The_same_provider_with_another_type_gets_a_second_relation()
    {
        var patient = new PatientHistory();
        var consultation = patient.Relation(Gp);

        var gmd = patient.Relation(Gp, RelationType.Gmd);

        Assert.NotEqual(consultation.Id, gmd.Id);
        Assert.Equal(2, patient.State.Relations.Count);
    }

    [Fact]
    public void After_a_relation_expired_registering_again_adds_a_new_one_and_keeps_the_old_in_history()
    {
        var patient = new PatientHistory();
        var old = patient.Relation(Gp, RelationType.Emergency);

        var fresh = patient.Relation(Gp, RelationType.Emergency, at: old.End);

        Assert.NotEqual(old.Id, fresh.Id);
        Assert.Equal(old.End, fresh.Start);
        Assert.Equal(RelationStatus.Expired, patient.State.RelationById(old.Id)!.StatusAt(old.End));
        Assert.Equal(2, patient.State.Relations.Count);
    }

    [Fact]
    public void After_a_relation_was_ended_registering_again_adds_a_new_one()
    {
        var patient = new PatientHistory();
        var old = patient.Relation(Gp);
        patient.Single<TherapeuticRelationEnded>(new EndTherapeuticRelation(As.Patient, old.Id));

        var fresh = patient.Relation(Gp, at: Now.AddDays(1));

        Assert.NotEqual(old.Id, fresh.Id);
    }

    [Fact]
    public void Renewal_matches_the_provider_by_identity_when_the_qualification_changed()
    {
        var patient = new PatientHistory();
        var trainee = patient.Relation(Gp);

        var renewed = patient.Single<TherapeuticRelationRenewed>(new AddTherapeuticRelation(
            As.Provider(GpRequalified), Facts(GpRequalified), RelationType.Consultation, null, null, null), Now.AddDays(10));

        Assert.Equal(trainee.Id, renewed.RelationId);
        Assert.Single(patient.State.Relations);
    }

    [Fact]
    public void No_relation_is_added_for_a_deceased_patient()
    {
        var patient = new PatientHistory().Deceased();

        AssertRefused(patient.Do(new AddTherapeuticRelation(As.Provider(Gp), Facts(Gp), RelationType.Consultation, null, null, null)),
            "patient-deceased", 422);
    }
}
