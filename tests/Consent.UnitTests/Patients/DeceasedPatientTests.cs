using static Consent.UnitTests.Patients.Decisions;
using static Consent.UnitTests.Patients.TestData;

namespace Consent.UnitTests.Patients;

/// <summary>Once a death is recorded, every command but recording the death is refused: patient-deceased.</summary>
public sealed class DeceasedPatientTests
{
    private static readonly DateTimeOffset Later = Now.AddDays(1);
    private static readonly Guid GpRelation = Id(1);

    /// <summary>A patient with consent, a relation with the GP and the dentist excluded: every command below can succeed.</summary>
    private static PatientHistory Living()
    {
        var patient = new PatientHistory().Consented();
        Assert.Equal(GpRelation, patient.Relation(Gp).Id);
        patient.Single<ExclusionAdded>(new AddExclusion(As.Patient, Now, Dentist, null));
        return patient;
    }

    private static PatientCommand Command(string name) => name switch
    {
        "give-consent" => new GiveConsent(As.Patient, Later, ConsentType.Prospective),
        "revoke-consent" => new RevokeConsent(As.Patient, Later),
        "add-relation" => AddRelation(As.Provider(OtherPhysician), Facts(OtherPhysician), RelationType.Consultation, at: Later, id: Id(2)),
        "renew-relation" => AddRelation(As.Provider(Gp), Facts(Gp), RelationType.Consultation, at: Later.AddMonths(1), id: Id(3)),
        "his-add-relation" => AddRelation(As.His(Hospital), Facts(Hospital), RelationType.Hospitalisation, at: Later, id: Id(4)),
        "patient-declares-relation" => AddRelation(As.Patient, Facts(Nurse), RelationType.PatientDeclared, at: Later, id: Id(5)),
        "end-relation" => new EndTherapeuticRelation(As.Patient, Later, GpRelation),
        "provider-ends-relation" => new EndTherapeuticRelation(As.Provider(Gp), Later, GpRelation),
        "add-exclusion" => new AddExclusion(As.Patient, Later, Nurse, "no"),
        "lift-exclusion" => new LiftExclusion(As.Representative, Later, Dentist.Identity),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown command in a test."),
    };

    public static TheoryData<string> Commands() =>
    [
        "give-consent", "revoke-consent", "add-relation", "renew-relation", "his-add-relation", "patient-declares-relation",
        "end-relation", "provider-ends-relation", "add-exclusion", "lift-exclusion",
    ];

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_living_patient_takes_the_command(string name)
    {
        var decision = Living().Do(Command(name));

        Assert.Null(decision.Error);
        if (name != "give-consent")
        {
            Assert.Single(decision.Events);
        }
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_deceased_patient_refuses_every_command_but_the_death(string name)
    {
        var patient = Living().Deceased();
        var before = patient.State;

        AssertRefused(patient.Do(Command(name)), "patient-deceased", 422);
        Assert.Same(before, patient.State);
    }

    [Fact]
    public void Commands_that_would_change_nothing_are_refused_too_once_deceased()
    {
        var patient = Living().Deceased();

        AssertRefused(patient.Do(new GiveConsent(As.Patient, Later, ConsentType.Retrospective)), "patient-deceased", 422);

        AssertRefused(patient.Do(new RevokeConsent(As.Patient, Later)), "patient-deceased", 422);
        AssertRefused(patient.Do(new RevokeConsent(As.Patient, Later.AddDays(1))), "patient-deceased", 422);
        AssertRefused(patient.Do(new LiftExclusion(As.Patient, Later, OtherPhysician.Identity)), "patient-deceased", 422);
        // An id the record never held answers as unknown, whatever the patient's state: refusals for who asks come first.
        AssertRefused(patient.Do(new EndTherapeuticRelation(As.Patient, Later, Id(404))), "unknown-relation", 404);
    }

    [Fact]
    public void Recording_the_death_again_changes_nothing_and_is_not_refused()
    {
        var patient = Living().Deceased();

        AssertNoChange(patient.Do(new RecordDeath(As.AuthenticSource, Later, new DateOnly(2026, 2, 21))));
        Assert.Equal(new DateOnly(2026, 2, 20), patient.State.DeceasedOn);
    }

    [Fact]
    public void Recording_a_death_stays_the_authentic_sources_alone_after_death()
    {
        var patient = Living().Deceased();

        AssertRefused(patient.Do(new RecordDeath(As.Patient, Later, new DateOnly(2026, 2, 21))), "forbidden", 403);
    }

    [Fact]
    public void The_relations_and_exclusions_of_a_deceased_patient_stay_in_the_record()
    {
        var patient = Living().Deceased();

        Assert.Single(patient.State.Relations);
        Assert.Single(patient.State.Exclusions);
    }
}
