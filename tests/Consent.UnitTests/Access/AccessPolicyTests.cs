using static Consent.UnitTests.Access.PolicyScenario;

namespace Consent.UnitTests.Access;

/// <summary>The access decision of domain.md, rule by rule and for every pair of rules that interact.</summary>
public sealed class AccessPolicyTests
{
    private const string Justification = "Patient unconscious at the emergency department";

    [Fact]
    public void Consent_and_an_active_relation_permit()
    {
        var verdict = new PolicyScenario().Consented().ActiveRelation(Gp).Ask(Gp);
        Assert.True(verdict.Permit);
        Assert.Equal([AccessReasons.TherapeuticRelation], verdict.Reasons);
        Assert.False(verdict.ReviewRequired);
    }

    [Fact]
    public void Without_consent_ever_registered_the_answer_is_no_consent()
    {
        var verdict = new PolicyScenario().ActiveRelation(Gp).Ask(Gp);
        Assert.False(verdict.Permit);
        Assert.Equal([AccessReasons.NoConsent, AccessReasons.TherapeuticRelation], verdict.Reasons);
    }

    [Fact]
    public void Revoked_consent_denies_even_with_a_relation_and_giving_it_again_restores_access()
    {
        var scenario = new PolicyScenario().Consented().ActiveRelation(Gp).With(new ConsentRevoked());
        var revoked = scenario.Ask(Gp);
        var again = scenario.Consented().Ask(Gp);

        Assert.False(revoked.Permit);
        Assert.Contains(AccessReasons.NoConsent, revoked.Reasons);
        Assert.True(again.Permit);
    }

    [Fact]
    public void A_deceased_patient_is_denied_first_whatever_else_holds()
    {
        var verdict = new PolicyScenario().Consented().ActiveRelation(Gp).With(new PatientDeceased(new DateOnly(2026, 2, 1))).Ask(Gp);
        Assert.False(verdict.Permit);
        Assert.Equal(AccessReasons.PatientDeceased, verdict.Reasons[0]);
    }

    [Fact]
    public void An_exclusion_wins_over_an_active_relation()
    {
        var verdict = new PolicyScenario().Consented().ActiveRelation(Gp).Excluded(Gp).Ask(Gp);
        Assert.False(verdict.Permit);
        Assert.Equal([AccessReasons.Excluded, AccessReasons.TherapeuticRelation], verdict.Reasons);
    }

    [Fact]
    public void An_exclusion_wins_over_break_the_glass()
    {
        var verdict = new PolicyScenario().Consented().Excluded(Gp).Ask(Gp, breakTheGlass: Justification);
        Assert.False(verdict.Permit);
        Assert.Contains(AccessReasons.Excluded, verdict.Reasons);
    }

    [Fact]
    public void An_exclusion_holds_for_the_eight_digit_identity_whatever_the_qualification()
    {
        var verdict = new PolicyScenario().Consented().ActiveRelation(GpRequalified).Excluded(Gp).Ask(GpRequalified);
        Assert.False(verdict.Permit);
        Assert.Contains(AccessReasons.Excluded, verdict.Reasons);
    }

    [Fact]
    public void An_exclusion_wins_over_a_hospital_relation_of_the_providers_institution()
    {
        var verdict = new PolicyScenario().Consented().ActiveRelation(Hospital).Excluded(Gp).Ask(Gp, worksAt: Hospital);
        Assert.False(verdict.Permit);
    }

    [Fact]
    public void A_lifted_exclusion_no_longer_denies()
    {
        var verdict = new PolicyScenario().Consented().ActiveRelation(Gp).Excluded(Gp).With(new ExclusionLifted(Gp.Identity)).Ask(Gp);
        Assert.True(verdict.Permit);
    }

    [Fact]
    public void Break_the_glass_permits_without_a_relation_and_asks_for_review()
    {
        var verdict = new PolicyScenario().Consented().Ask(OtherPhysician, breakTheGlass: Justification);
        Assert.True(verdict.Permit);
        Assert.Equal([AccessReasons.BreakTheGlass], verdict.Reasons);
        Assert.True(verdict.ReviewRequired);
    }

    [Fact]
    public void Break_the_glass_does_not_replace_consent()
    {
        var verdict = new PolicyScenario().Ask(OtherPhysician, breakTheGlass: Justification);
        Assert.False(verdict.Permit);
        Assert.Equal([AccessReasons.NoConsent, AccessReasons.BreakTheGlass], verdict.Reasons);
    }

    [Theory]
    [InlineData(9, false)]
    [InlineData(10, true)]
    [InlineData(500, true)]
    [InlineData(501, false)]
    public void A_justification_is_10_to_500_characters(int length, bool valid) =>
        Assert.Equal(valid, BreakTheGlass.IsValid(new string('j', length)));

    [Fact]
    public void Without_relation_or_justification_the_answer_is_no_therapeutic_relation()
    {
        var verdict = new PolicyScenario().Consented().ActiveRelation(Gp).Ask(OtherPhysician);
        Assert.False(verdict.Permit);
        Assert.Equal([AccessReasons.NoTherapeuticRelation], verdict.Reasons);
    }

    [Fact]
    public void An_expired_relation_no_longer_counts_and_its_end_is_exclusive()
    {
        var scenario = new PolicyScenario().Consented().Relation(Gp, T0.AddMonths(-16), T0.AddMonths(-1));
        Assert.False(scenario.Ask(Gp).Permit);
        Assert.True(scenario.Ask(Gp, at: T0.AddMonths(-2)).Permit);
        Assert.False(scenario.Ask(Gp, at: T0.AddMonths(-1)).Permit);
    }

    [Fact]
    public void A_future_relation_does_not_count_yet_and_its_start_is_inclusive()
    {
        var scenario = new PolicyScenario().Consented().Relation(Gp, T0.AddDays(1), T0.AddMonths(3));
        Assert.False(scenario.Ask(Gp).Permit);
        Assert.True(scenario.Ask(Gp, at: T0.AddDays(1)).Permit);
    }

    [Fact]
    public void An_ended_relation_counts_before_its_end_but_not_after()
    {
        var scenario = new PolicyScenario().Consented().ActiveRelation(Gp);
        var relationId = scenario.State.Relations[0].Id;
        scenario.With(new TherapeuticRelationEnded(relationId, T0.AddDays(-1)));

        Assert.False(scenario.Ask(Gp).Permit);
        Assert.True(scenario.Ask(Gp, at: T0.AddDays(-2)).Permit);
    }

    [Fact]
    public void A_hospital_relation_covers_the_providers_who_work_there_only()
    {
        var scenario = new PolicyScenario().Consented().ActiveRelation(Hospital);
        Assert.True(scenario.Ask(Gp, worksAt: Hospital).Permit);
        Assert.False(scenario.Ask(OtherPhysician).Permit);
    }

    public static TheoryData<string, DocumentType, bool> Matrix() => new()
    {
        { "12345625004", DocumentType.Sumehr, true },
        { "12345625004", DocumentType.ImagingReport, true },
        { "60000141401", DocumentType.MedicationScheme, true },
        { "60000141401", DocumentType.Vaccination, true },
        { "60000141401", DocumentType.Sumehr, false },
        { "60000141401", DocumentType.LabResult, false },
        { "40000127401", DocumentType.DischargeLetter, true },
        { "40000127401", DocumentType.ImagingReport, false },
        { "30000120001", DocumentType.ImagingReport, true },
        { "30000120001", DocumentType.LabResult, false },
        { "50000134001", DocumentType.ImagingReport, true },
        { "50000134001", DocumentType.Sumehr, false },
        { "20000113401", DocumentType.LabResult, true },
        { "20000113401", DocumentType.DischargeLetter, false },
        { "71000139000", DocumentType.Sumehr, false },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public void The_access_matrix_decides_per_profession_and_document_type(string nihdi, DocumentType documentType, bool permitted)
    {
        var provider = Consent.Contracts.Identifiers.Nihdi.Parse(nihdi);
        var verdict = new PolicyScenario().Consented().ActiveRelation(provider).Ask(provider, documentType);
        Assert.Equal(permitted, verdict.Permit);
        Assert.Equal(!permitted, verdict.Reasons.Contains(AccessReasons.ProfessionNotPermitted));
    }

    [Fact]
    public void Without_a_document_type_the_matrix_is_skipped()
    {
        var verdict = new PolicyScenario().Consented().ActiveRelation(Pharmacist).Ask(Pharmacist);
        Assert.True(verdict.Permit);
    }

    [Fact]
    public void Every_deny_reason_is_reported_in_the_order_of_evaluation()
    {
        var verdict = new PolicyScenario().Excluded(Pharmacist).With(new PatientDeceased(new DateOnly(2026, 1, 1))).Ask(Pharmacist, DocumentType.Sumehr);
        Assert.Equal(
            [AccessReasons.PatientDeceased, AccessReasons.NoConsent, AccessReasons.Excluded, AccessReasons.NoTherapeuticRelation, AccessReasons.ProfessionNotPermitted],
            verdict.Reasons);
    }
}
