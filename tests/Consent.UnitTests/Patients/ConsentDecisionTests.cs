using Consent.Contracts.Identifiers;
using static Consent.UnitTests.Patients.Decisions;
using static Consent.UnitTests.Patients.TestData;

namespace Consent.UnitTests.Patients;

/// <summary>Giving and revoking the informed consent, and recording a death.</summary>
public sealed class ConsentDecisionTests
{
    [Fact]
    public void Giving_consent_records_its_type_and_who_gave_it()
    {
        var patient = new PatientHistory();

        var given = patient.Single<ConsentGiven>(new GiveConsent(As.Patient, Now, ConsentType.Prospective));

        Assert.Equal(ConsentType.Prospective, given.ConsentType);
        Assert.Equal(ConsentStatus.Given, patient.State.Consent);
        Assert.Equal(ConsentType.Prospective, patient.State.ConsentType);
        Assert.Equal(As.Patient.Actor, patient.State.ConsentChangedBy);
        Assert.Equal(Now, patient.State.ConsentChangedAt);
    }

    [Fact]
    public void Giving_consent_while_given_changes_nothing()
    {
        var patient = new PatientHistory().Consented();

        AssertNoChange(patient.Do(new GiveConsent(As.Patient, Now, ConsentType.Retrospective)));
        Assert.Equal(1, patient.Version);
    }

    [Theory]
    [InlineData("physician")]
    [InlineData("pharmacist")]
    [InlineData("hospital-pharmacist")]
    [InlineData("his")]
    [InlineData("patient")]
    [InlineData("representative")]
    public void Patient_side_physician_pharmacist_and_hospital_desk_may_give_and_revoke_consent(string role)
    {
        var patient = new PatientHistory();

        patient.Single<ConsentGiven>(new GiveConsent(As.Role(role), Now, ConsentType.Retrospective));
        patient.Single<ConsentRevoked>(new RevokeConsent(As.Role(role), Now));
    }

    [Theory]
    [InlineData("nurse")]
    [InlineData("dentist")]
    [InlineData("authentic-source")]
    public void Other_actors_may_not_give_or_revoke_consent(string role)
    {
        var patient = new PatientHistory();

        AssertRefused(patient.Do(new GiveConsent(As.Role(role), Now, ConsentType.Retrospective)), "forbidden", 403);
        patient.Consented();
        AssertRefused(patient.Do(new RevokeConsent(As.Role(role), Now)), "forbidden", 403);
        Assert.Equal(ConsentStatus.Given, patient.State.Consent);
    }

    [Fact]
    public void A_hospital_system_naming_its_staff_registers_consent_only_through_a_physician_or_a_pharmacist()
    {
        // Over REST a nurse may not register consent; named by her hospital's system she still may not.
        var patient = new PatientHistory();

        AssertRefused(patient.Do(new GiveConsent(As.HisStaff(Hospital, Nurse), Now, ConsentType.Retrospective)), "forbidden", 403);
        patient.Single<ConsentGiven>(new GiveConsent(As.HisStaff(Hospital, Gp), Now, ConsentType.Retrospective));
        AssertRefused(patient.Do(new RevokeConsent(As.HisStaff(Hospital, Nurse), Now)), "forbidden", 403);
        patient.Single<ConsentRevoked>(new RevokeConsent(As.HisStaff(Hospital, Pharmacist), Now));
    }

    [Fact]
    public void Consent_cannot_be_given_for_a_deceased_patient()
    {
        var patient = new PatientHistory().Deceased();

        AssertRefused(patient.Do(new GiveConsent(As.Patient, Now, ConsentType.Retrospective)), "patient-deceased", 422);
    }

    [Fact]
    public void Revoking_consent_never_given_changes_nothing()
    {
        AssertNoChange(new PatientHistory().Do(new RevokeConsent(As.Patient, Now)));
    }

    [Fact]
    public void Revoking_consent_twice_changes_nothing_the_second_time()
    {
        var patient = new PatientHistory().Consented();
        patient.Single<ConsentRevoked>(new RevokeConsent(As.Patient, Now));

        AssertNoChange(patient.Do(new RevokeConsent(As.Patient, Now)));
        Assert.Equal(ConsentStatus.Revoked, patient.State.Consent);
    }

    [Fact]
    public void Relations_and_exclusions_survive_a_revocation_and_apply_again_when_consent_is_given_again()
    {
        var patient = new PatientHistory().Consented();
        patient.Relation(Gp);
        patient.Single<ExclusionAdded>(new AddExclusion(As.Patient, Now, Dentist, "moved away"));
        patient.Relation(Dentist);

        patient.Single<ConsentRevoked>(new RevokeConsent(As.Patient, Now));
        Assert.Equal(2, patient.State.Relations.Count);
        Assert.Single(patient.State.Exclusions);
        Assert.False(Ask(patient, Gp).Permit);

        patient.Single<ConsentGiven>(new GiveConsent(As.Patient, Now, ConsentType.Retrospective));
        Assert.True(Ask(patient, Gp).Permit);
        var dentist = Ask(patient, Dentist);
        Assert.False(dentist.Permit);
        Assert.Contains(AccessReasons.Excluded, dentist.Reasons);
    }

    [Fact]
    public void Only_an_authentic_source_records_a_death()
    {
        var patient = new PatientHistory();

        foreach (var role in new[] { "patient", "representative", "physician", "his" })
        {
            AssertRefused(patient.Do(new RecordDeath(As.Role(role), Now, new DateOnly(2026, 2, 20))), "forbidden", 403);
        }
        var deceased = patient.Single<PatientDeceased>(new RecordDeath(As.AuthenticSource, Now, new DateOnly(2026, 2, 20)));

        Assert.Equal(new DateOnly(2026, 2, 20), deceased.Date);
        Assert.True(patient.State.IsDeceased);
        Assert.Equal(new DateOnly(2026, 2, 20), patient.State.DeceasedOn);
    }

    [Fact]
    public void Recording_a_death_again_changes_nothing()
    {
        var patient = new PatientHistory().Deceased();

        AssertNoChange(patient.Do(new RecordDeath(As.AuthenticSource, Now, new DateOnly(2026, 2, 21))));
        Assert.Equal(new DateOnly(2026, 2, 20), patient.State.DeceasedOn);
    }

    private static AccessVerdict Ask(PatientHistory patient, Nihdi provider) =>
        AccessPolicy.Decide(patient.State, new AccessQuestion(new ProviderAccessFacts(provider.Identity, []), null, Now, null), AccessMatrix.Default);
}
