using static Consent.UnitTests.Patients.Decisions;
using static Consent.UnitTests.Patients.TestData;

namespace Consent.UnitTests.Patients;

/// <summary>Adding and renewing therapeutic relations: periods and renewal.</summary>
public sealed class RelationAddTests
{
    // Each type registered by whom it fits (domain.md): pharmacy by a pharmacist, hospitalisation by the
    // hospital's system for the hospital, patient-declared by the patient, the others by a physician.
    // (Before the registrant rules, a physician registered every provider-side type here.)
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
        var (by, provider) = type switch
        {
            RelationType.PatientDeclared => (As.Patient, Gp),
            RelationType.Pharmacy => (As.Provider(Pharmacist), Pharmacist),
            RelationType.Hospitalisation => (As.His(Hospital), Hospital),
            _ => (As.Provider(Gp), Gp),
        };

        var added = new PatientHistory().Single<TherapeuticRelationAdded>(AddRelation(by, Facts(provider), type, id: Id(7)));

        Assert.Equal(Id(7), added.RelationId);
        Assert.Equal(provider, added.Provider);
        Assert.Equal(type, added.RelationType);
        Assert.Equal(Now, added.Start);
        Assert.Equal(Now.AddMonths(months), added.End);
    }

    [Fact]
    public void A_new_relation_gets_the_id_the_command_carries_and_starts_at_the_commands_instant()
    {
        var at = Now.AddDays(3);

        var added = new PatientHistory().Single<TherapeuticRelationAdded>(
            AddRelation(As.Provider(Gp), Facts(Gp), RelationType.Consultation, at: at, id: Id(42)));

        Assert.Equal((Id(42), at, at.AddMonths(15)), (added.RelationId, added.Start, added.End));
    }

    // Was a start three days back: a provider may now date the start at most one day from now.
    [Fact]
    public void An_explicit_start_and_end_are_kept()
    {
        var start = Now.AddHours(-20);
        var end = Now.AddDays(40);

        var added = new PatientHistory().Single<TherapeuticRelationAdded>(
            AddRelation(As.Provider(Gp), Facts(Gp), RelationType.Referral, start, end, ProofType.EidSigning));

        Assert.Equal((start, end, ProofType.EidSigning), (added.Start, added.End, added.Proof));
    }

    // Was a start three days back, as above.
    [Fact]
    public void An_explicit_start_without_end_lasts_the_default_duration_from_that_start()
    {
        var start = Now.AddHours(-20);

        var added = new PatientHistory().Single<TherapeuticRelationAdded>(
            AddRelation(As.Provider(Gp), Facts(Gp), RelationType.Gmd, start));

        Assert.Equal(start.AddMonths(12), added.End);
    }

    [Fact]
    public void An_end_worked_out_past_2200_is_an_invalid_period_like_an_end_given_there()
    {
        // domain.md: dates anywhere lie between 1900-01-01 and 2200-01-01, the ones the service works out too.
        var lateStart = new DateTimeOffset(2199, 12, 1, 0, 0, 0, TimeSpan.Zero);

        AssertRefused(new PatientHistory().Do(AddRelation(As.Patient, Facts(Gp), RelationType.PatientDeclared, lateStart)), "invalid-period", 400);
        Assert.Null(new PatientHistory().Do(
            AddRelation(As.Patient, Facts(Gp), RelationType.PatientDeclared, lateStart, lateStart.AddDays(30))).Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void An_end_not_after_the_start_is_an_invalid_period(int endAfterStartInDays)
    {
        var decision = new PatientHistory().Do(
            AddRelation(As.Provider(Gp), Facts(Gp), RelationType.Consultation, Now, Now.AddDays(endAfterStartInDays)));

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
            AddRelation(As.Provider(Gp), Facts(Gp), RelationType.Consultation, at: later, id: patient.NextRelationId()));

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

        var decision = patient.Do(AddRelation(
            As.Provider(Gp), Facts(Gp), RelationType.Consultation, Now, first.End.AddDays(-1), at: Now.AddDays(1), id: patient.NextRelationId()));

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
        patient.Single<TherapeuticRelationEnded>(new EndTherapeuticRelation(As.Patient, Now, old.Id));

        var fresh = patient.Relation(Gp, at: Now.AddDays(1));

        Assert.NotEqual(old.Id, fresh.Id);
    }

    [Fact]
    public void Renewal_matches_the_provider_by_identity_when_the_qualification_changed()
    {
        var patient = new PatientHistory();
        var trainee = patient.Relation(Gp);

        var renewed = patient.Single<TherapeuticRelationRenewed>(AddRelation(
            As.Provider(GpRequalified), Facts(GpRequalified), RelationType.Consultation, at: Now.AddDays(10), id: patient.NextRelationId()));

        Assert.Equal(trainee.Id, renewed.RelationId);
        Assert.Single(patient.State.Relations);
    }

    [Fact]
    public void No_relation_is_added_for_a_deceased_patient()
    {
        var patient = new PatientHistory().Deceased();

        AssertRefused(patient.Do(AddRelation(As.Provider(Gp), Facts(Gp), RelationType.Consultation)), "patient-deceased", 422);
    }

    [Fact]
    public void Deciding_twice_on_the_same_command_and_state_gives_the_same_decision()
    {
        var state = new PatientHistory().Consented().State;
        var command = AddRelation(As.Provider(Gp), Facts(Gp), RelationType.Gmd, id: Id(5));

        var first = PatientDecider.Decide(TestData.Patient, command, state, Durations, TestData.DefaultConsentAge);
        var second = PatientDecider.Decide(TestData.Patient, command, state, Durations, TestData.DefaultConsentAge);

        Assert.Equal(first.Events, second.Events);
        Assert.Equal(new TherapeuticRelationAdded(Id(5), Gp, RelationType.Gmd, Now, Now.AddMonths(12), ProofType.EidReading), Assert.Single(first.Events));
    }
}
