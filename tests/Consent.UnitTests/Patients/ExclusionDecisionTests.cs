using static Consent.UnitTests.Patients.Decisions;
using static Consent.UnitTests.Patients.TestData;

namespace Consent.UnitTests.Patients;

/// <summary>Exclusions: the patient bars a provider by its 8-digit identity until the patient lifts it.</summary>
public sealed class ExclusionDecisionTests
{
    [Theory]
    [InlineData("patient")]
    [InlineData("representative")]
    public void The_patient_side_excludes_a_provider_and_lifts_the_exclusion(string role)
    {
        var patient = new PatientHistory();

        var added = patient.Single<ExclusionAdded>(new AddExclusion(As.Role(role), Now, Gp, "second opinion elsewhere"));
        Assert.Equal((Gp, "second opinion elsewhere"), (added.Provider, added.Reason));
        Assert.Equal(As.Role(role).Actor, patient.State.ExclusionOf(Gp.Identity)!.By);

        var lifted = patient.Single<ExclusionLifted>(new LiftExclusion(As.Role(role), Now, Gp.Identity));
        Assert.Equal(Gp.Identity, lifted.Provider);
        Assert.Empty(patient.State.Exclusions);
    }

    [Theory]
    [InlineData("physician")]
    [InlineData("his")]
    [InlineData("authentic-source")]
    public void Providers_and_systems_may_neither_add_nor_lift_an_exclusion(string role)
    {
        var patient = new PatientHistory();

        AssertRefused(patient.Do(new AddExclusion(As.Role(role), Now, OtherPhysician, null)), "forbidden", 403);
        patient.Single<ExclusionAdded>(new AddExclusion(As.Patient, Now, Gp, null));
        AssertRefused(patient.Do(new LiftExclusion(As.Role(role), Now, Gp.Identity)), "forbidden", 403);
        Assert.NotNull(patient.State.ExclusionOf(Gp.Identity));
    }

    [Fact]
    public void Excluding_a_provider_twice_writes_one_event()
    {
        var patient = new PatientHistory();
        patient.Single<ExclusionAdded>(new AddExclusion(As.Patient, Now, Gp, null));

        AssertNoChange(patient.Do(new AddExclusion(As.Patient, Now, Gp, "again")));
        AssertNoChange(patient.Do(new AddExclusion(As.Patient, Now, GpRequalified, null)));
        Assert.Single(patient.State.Exclusions);
    }

    [Fact]
    public void Lifting_an_exclusion_that_does_not_exist_changes_nothing()
    {
        var patient = new PatientHistory();
        patient.Single<ExclusionAdded>(new AddExclusion(As.Patient, Now, Gp, null));

        AssertNoChange(patient.Do(new LiftExclusion(As.Patient, Now, OtherPhysician.Identity)));
        Assert.Single(patient.State.Exclusions);
    }

    [Fact]
    public void An_exclusion_by_one_qualification_bars_the_provider_under_another_and_is_lifted_by_identity()
    {
        var patient = new PatientHistory();
        patient.Single<ExclusionAdded>(new AddExclusion(As.Patient, Now, Gp, null));

        Assert.NotNull(patient.State.ExclusionOf(GpRequalified.Identity));
        patient.Single<ExclusionLifted>(new LiftExclusion(As.Patient, Now, GpRequalified.Identity));
        Assert.Null(patient.State.ExclusionOf(Gp.Identity));
    }

    [Fact]
    public void A_provider_with_a_relation_can_be_excluded_and_the_relation_stays()
    {
        var patient = new PatientHistory();
        patient.Relation(Gp);

        patient.Single<ExclusionAdded>(new AddExclusion(As.Patient, Now, Gp, null));

        Assert.Single(patient.State.Relations);
    }
}
