using Consent.Contracts.Identifiers;
using FsCheck;
using FsCheck.Fluent;
using static Consent.UnitTests.Access.PolicyScenario;

namespace Consent.UnitTests.Access;

/// <summary>
/// Excluding a hospital closes its circle of trust: staff reach the patient no longer through the
/// hospital's relation, while a personal relation with one of them still counts. The access decision and
/// "who can see my data" (VisibleTo) must always agree.
/// </summary>
public sealed class HospitalExclusionTests
{
    private static readonly Nihdi OtherHospital = Nihdi.Parse("70000247000");
    private static readonly Nihdi Nurse = Nihdi.Parse("40000127000");
    private static readonly Nihdi Dentist = Nihdi.Parse("30000120000");

    [Fact]
    public void Staff_reach_the_patient_through_their_hospitals_relation()
    {
        var verdict = new PolicyScenario().Consented().ActiveRelation(Hospital).Ask(Nurse, worksAt: Hospital);

        Assert.True(verdict.Permit);
        Assert.Equal([AccessReasons.TherapeuticRelation], verdict.Reasons);
    }

    [Fact]
    public void Excluding_the_hospital_denies_staff_whose_only_relation_is_through_it()
    {
        var verdict = new PolicyScenario().Consented().ActiveRelation(Hospital).Excluded(Hospital).Ask(Nurse, worksAt: Hospital);

        Assert.False(verdict.Permit);
        Assert.Equal([AccessReasons.NoTherapeuticRelation], verdict.Reasons);
    }

    [Fact]
    public void Excluding_the_hospital_denies_the_hospital_itself()
    {
        var verdict = new PolicyScenario().Consented().ActiveRelation(Hospital).Excluded(Hospital).Ask(Hospital);

        Assert.False(verdict.Permit);
        Assert.Equal([AccessReasons.Excluded, AccessReasons.TherapeuticRelation], verdict.Reasons);
    }

    [Fact]
    public void A_personal_relation_with_a_staff_member_still_counts_when_the_hospital_is_excluded()
    {
        var verdict = new PolicyScenario().Consented().ActiveRelation(Hospital).ActiveRelation(Gp).Excluded(Hospital).Ask(Gp, worksAt: Hospital);

        Assert.True(verdict.Permit);
        Assert.Equal([AccessReasons.TherapeuticRelation], verdict.Reasons);
    }

    [Fact]
    public void Excluding_one_hospital_leaves_the_circle_of_another_the_staff_member_works_at()
    {
        var scenario = new PolicyScenario().Consented().ActiveRelation(Hospital).ActiveRelation(OtherHospital).Excluded(Hospital);

        Assert.True(scenario.Ask(Nurse, worksAt: [Hospital, OtherHospital]).Permit);
        Assert.False(scenario.Ask(Nurse, worksAt: Hospital).Permit);
    }

    [Fact]
    public void Lifting_the_hospitals_exclusion_opens_its_circle_again()
    {
        var scenario = new PolicyScenario().Consented().ActiveRelation(Hospital).Excluded(Hospital).With(new ExclusionLifted(Hospital.Identity));

        Assert.True(scenario.Ask(Nurse, worksAt: Hospital).Permit);
    }

    [Fact]
    public void Visible_to_shows_the_hospital_with_its_staff_until_it_is_excluded()
    {
        var open = new PolicyScenario().Consented().ActiveRelation(Hospital).ActiveRelation(Gp);
        var visible = AccessPolicy.VisibleTo(open.State, T0, AccessMatrix.Default);

        Assert.Equal(
            [(Hospital.Identity, true), (Gp.Identity, false)],
            visible.Select(v => (v.Through.Provider.Identity, v.IncludesStaff)));

        var closed = AccessPolicy.VisibleTo(open.Excluded(Hospital).State, T0, AccessMatrix.Default);

        Assert.Equal([Gp.Identity], closed.Select(v => v.Through.Provider.Identity));
        Assert.False(open.Ask(Nurse, worksAt: Hospital).Permit);
        Assert.True(open.Ask(Gp, worksAt: Hospital).Permit);
    }

    public static TheoryData<string> Scenarios() =>
        ["open", "hospital-excluded", "staff-excluded", "no-consent", "revoked", "deceased", "expired-future-ended", "two-hospitals"];

    private static PolicyScenario Scenario(string name)
    {
        var scenario = new PolicyScenario();
        if (name is not ("no-consent" or "revoked"))
        {
            scenario.Consented();
        }
        scenario.ActiveRelation(Hospital).ActiveRelation(Gp).ActiveRelation(Pharmacist);
        _ = name switch
        {
            "hospital-excluded" => scenario.Excluded(Hospital),
            "staff-excluded" => scenario.Excluded(Gp),
            "revoked" => scenario.Consented().With(new ConsentRevoked()),
            "deceased" => scenario.With(new PatientDeceased(new DateOnly(2026, 2, 1))),
            "expired-future-ended" => scenario
                .Relation(OtherPhysician, T0.AddMonths(-16), T0.AddMonths(-1))
                .Relation(Dentist, T0.AddDays(1), T0.AddMonths(2))
                .Relation(Nurse, T0.AddMonths(-1), T0.AddMonths(2))
                .With(new TherapeuticRelationEnded(scenario.State.Relations[^1].Id, T0.AddDays(-1))),
            "two-hospitals" => scenario.ActiveRelation(OtherHospital).Excluded(Hospital).Excluded(Pharmacist),
            _ => scenario,
        };
        return scenario;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Visible_to_holds_a_relations_provider_exactly_when_the_decision_permits_it(string name)
    {
        var state = Scenario(name).State;

        AssertAgreement(state);
    }

    [Fact]
    public void Visible_to_and_the_decision_agree_on_generated_records()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(Records.ToArbitrary(), record =>
        {
            AssertAgreement(record.State);
            return true;
        }));
    }

    // Each relation's provider is in VisibleTo exactly when the policy permits it; a staff member (no
    // personal relation) is permitted exactly when not excluded and a hospital they work at is visible with its staff.
    private static void AssertAgreement(PatientState state)
    {
        var visible = AccessPolicy.VisibleTo(state, T0, AccessMatrix.Default);

        foreach (var provider in state.Relations.Select(r => r.Provider.Identity).Distinct())
        {
            var permit = Decide(state, provider, []).Permit;
            Assert.True(permit == visible.Any(v => v.Through.Provider.Identity == provider), $"{provider}: decision {permit}, visible-to disagrees");
        }
        foreach (var v in visible)
        {
            Assert.True(v.Through.IsActiveAt(T0));
            Assert.Equal(v.Through.Provider.Identity.Profession == Profession.Hospital, v.IncludesStaff);
        }
        ProviderId[] hospitals = [Hospital.Identity, OtherHospital.Identity];
        foreach (var worksAt in new[] { hospitals[..1], hospitals[1..], hospitals })
        {
            var permit = Decide(state, Staff.Identity, worksAt).Permit;
            var throughVisibleHospital = state.ExclusionOf(Staff.Identity) is null
                && visible.Any(v => v.IncludesStaff && worksAt.Contains(v.Through.Provider.Identity));
            Assert.True(permit == throughVisibleHospital, $"staff of {string.Join(",", worksAt)}: decision {permit}, visible-to disagrees");
        }
    }

    private static AccessVerdict Decide(PatientState state, ProviderId provider, ProviderId[] worksAt) =>
        AccessPolicy.Decide(state, new AccessQuestion(new ProviderAccessFacts(provider, worksAt), null, T0, null), AccessMatrix.Default);

    // A staff member of both hospitals who never has a relation of their own.
    private static readonly Nihdi Staff = Nihdi.Parse("50000134001");

    private static readonly Nihdi[] Pool = [Gp, GpRequalified, OtherPhysician, Pharmacist, Hospital, OtherHospital, Nurse];

    private sealed record RelationSpec(Nihdi Provider, int StartDays, int Months, int? EndedDays);

    private sealed record GeneratedRecord(PatientState State, string Description)
    {
        public override string ToString() => Description;
    }

    private static readonly Gen<RelationSpec> Relations =
        from provider in Gen.Elements(Pool)
        from startDays in Gen.Choose(-500, 30)
        from months in Gen.Choose(1, 15)
        from ended in Gen.Frequency((3, Gen.Constant<int?>(null)), (1, Gen.Choose(-60, 30).Select(d => (int?)d)))
        select new RelationSpec(provider, startDays, months, ended);

    private static readonly Gen<GeneratedRecord> Records =
        from consent in Gen.Elements("none", "given", "revoked")
        from deceased in Gen.Frequency((6, Gen.Constant(false)), (1, Gen.Constant(true)))
        from relations in Gen.Choose(0, 7).SelectMany(n => Gen.ArrayOf(Relations, n))
        from excluded in Gen.SubListOf(Pool.Append(Staff).Append(Dentist).ToArray())
        select Build(consent, deceased, relations, excluded);

    private static GeneratedRecord Build(string consent, bool deceased, RelationSpec[] relations, IList<Nihdi> excluded)
    {
        var scenario = new PolicyScenario();
        if (consent is not "none")
        {
            scenario.Consented();
        }
        if (consent is "revoked")
        {
            scenario.With(new ConsentRevoked());
        }
        foreach (var r in relations)
        {
            var start = T0.AddDays(r.StartDays);
            scenario.Relation(r.Provider, start, start.AddMonths(r.Months));
            if (r.EndedDays is { } endedDays)
            {
                scenario.With(new TherapeuticRelationEnded(scenario.State.Relations[^1].Id, T0.AddDays(endedDays)));
            }
        }
        foreach (var provider in excluded)
        {
            scenario.Excluded(provider);
        }
        if (deceased)
        {
            scenario.With(new PatientDeceased(new DateOnly(2026, 1, 1)));
        }
        var description = $"consent {consent}, deceased {deceased}, relations [{string.Join("; ", relations.Select(r => $"{r.Provider} {r.StartDays}d +{r.Months}m ended {r.EndedDays}"))}], excluded [{string.Join(",", excluded)}]";
        return new GeneratedRecord(scenario.State, description);
    }
}
