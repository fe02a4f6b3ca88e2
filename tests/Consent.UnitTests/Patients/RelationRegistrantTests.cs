using Consent.Contracts.Identifiers;
using static Consent.UnitTests.Patients.Decisions;
using static Consent.UnitTests.Patients.TestData;

namespace Consent.UnitTests.Patients;

/// <summary>
/// What a provider or hospital system may register (domain.md): the type fits the registrant, the
/// patient-side type and proof stay the patient's, authentic-source proof stays the authentic source's,
/// the start is within a day of now and the end within the type's duration. The patient side is free.
/// </summary>
public sealed class RelationRegistrantTests
{
    private static readonly TimeSpan OneDay = TimeSpan.FromDays(1);
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    private static Acting Registrant(string who) => who switch
    {
        "his" => As.His(Hospital),
        "patient" => As.Patient,
        "representative" => As.Representative,
        "authentic-source" => As.AuthenticSource,
        "gp" => As.Provider(Gp),
        "pharmacist" => As.Provider(Pharmacist),
        "nurse" => As.Provider(Nurse),
        "dentist" => As.Provider(Dentist),
        "laboratory" => As.Provider(Laboratory),
        _ => throw new ArgumentOutOfRangeException(nameof(who), who, "Unknown registrant in a test."),
    };

    private static Nihdi Provider(string provider) => provider switch
    {
        "hospital" => Hospital,
        "gp" => Gp,
        "pharmacist" => Pharmacist,
        "nurse" => Nurse,
        "dentist" => Dentist,
        "laboratory" => Laboratory,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown provider in a test."),
    };

    // The relation's provider: for a provider, itself in independent practice (no institution); for the
    // hospital system, the hospital or one of its staff.
    private static ProviderFacts Subject(string who, string provider) =>
        who == "his" && provider != "hospital" ? Facts(Provider(provider), Hospital) : Facts(Provider(provider));

    private static Decision Register(
        string who, string provider, RelationType type, DateTimeOffset? start = null, DateTimeOffset? end = null, ProofType? proof = null) =>
        new PatientHistory().Do(AddRelation(Registrant(who), Subject(who, provider), type, start, end, proof, id: Id(1)));

    [Theory]
    [InlineData("pharmacist", "pharmacist", RelationType.Pharmacy)]
    [InlineData("pharmacist", "pharmacist", RelationType.Gmd)]
    [InlineData("pharmacist", "pharmacist", RelationType.Consultation)]
    [InlineData("gp", "gp", RelationType.Consultation)]
    [InlineData("gp", "gp", RelationType.Gmd)]
    [InlineData("gp", "gp", RelationType.Emergency)]
    [InlineData("gp", "gp", RelationType.Referral)]
    [InlineData("nurse", "nurse", RelationType.Consultation)]
    [InlineData("dentist", "dentist", RelationType.Referral)]
    [InlineData("his", "hospital", RelationType.Hospitalisation)]
    [InlineData("his", "gp", RelationType.Consultation)]
    [InlineData("his", "gp", RelationType.Emergency)]
    [InlineData("his", "pharmacist", RelationType.Pharmacy)]
    public void A_type_that_fits_the_registrant_is_registered(string who, string provider, RelationType type)
    {
        var decision = Register(who, provider, type);

        Assert.Null(decision.Error);
        var added = Assert.IsType<TherapeuticRelationAdded>(Assert.Single(decision.Events));
        Assert.Equal((Provider(provider), type, Id(1)), (added.Provider, added.RelationType, added.RelationId));
    }

    [Theory]
    [InlineData("gp", "gp", RelationType.Pharmacy)]
    [InlineData("nurse", "nurse", RelationType.Pharmacy)]
    [InlineData("gp", "gp", RelationType.Hospitalisation)]
    [InlineData("pharmacist", "pharmacist", RelationType.Hospitalisation)]
    [InlineData("laboratory", "laboratory", RelationType.Consultation)]
    [InlineData("laboratory", "laboratory", RelationType.Gmd)]
    [InlineData("laboratory", "laboratory", RelationType.Referral)]
    [InlineData("laboratory", "laboratory", RelationType.Hospitalisation)]
    [InlineData("his", "hospital", RelationType.Consultation)]
    [InlineData("his", "hospital", RelationType.Gmd)]
    [InlineData("his", "hospital", RelationType.Emergency)]
    [InlineData("his", "hospital", RelationType.Referral)]
    [InlineData("his", "hospital", RelationType.Pharmacy)]
    [InlineData("his", "gp", RelationType.Pharmacy)]
    [InlineData("his", "laboratory", RelationType.Consultation)]
    public void A_type_that_does_not_fit_the_registrant_is_forbidden(string who, string provider, RelationType type) =>
        AssertRefused(Register(who, provider, type), "forbidden", 403);

    [Fact]
    public void A_provider_may_not_grant_itself_a_patient_declared_relation_on_authentic_source_proof_for_ever()
    {
        var decision = Register("gp", "gp", RelationType.PatientDeclared,
            new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero), ProofType.AuthenticSource);

        AssertRefused(decision, "forbidden", 403);
    }

    [Theory]
    [InlineData("gp", "gp")]
    [InlineData("his", "hospital")]
    [InlineData("his", "gp")]
    public void Providers_and_hospital_systems_may_not_declare_for_the_patient(string who, string provider)
    {
        AssertRefused(Register(who, provider, RelationType.PatientDeclared), "forbidden", 403);
        var type = provider == "hospital" ? RelationType.Hospitalisation : RelationType.Consultation;
        AssertRefused(Register(who, provider, type, proof: ProofType.PatientDeclaration), "forbidden", 403);
        AssertRefused(Register(who, provider, type, proof: ProofType.AuthenticSource), "forbidden", 403);
        Assert.Null(Register(who, provider, type, proof: ProofType.EidSigning).Error);
    }

    [Theory]
    [InlineData("patient")]
    [InlineData("representative")]
    public void The_patient_side_declares_with_any_proof_but_the_authentic_sources(string who)
    {
        Assert.Null(Register(who, "gp", RelationType.PatientDeclared, proof: ProofType.PatientDeclaration).Error);
        Assert.Null(Register(who, "gp", RelationType.PatientDeclared, proof: ProofType.EidReading).Error);
        AssertRefused(Register(who, "gp", RelationType.PatientDeclared, proof: ProofType.AuthenticSource), "forbidden", 403);
    }

    [Fact]
    public void An_authentic_source_records_a_relation_held_since_before_today_on_its_own_proof()
    {
        // A register of global medical records reports one its holder has had since the autumn: no one-day limit applies.
        var since = Now.AddMonths(-5);

        var added = Assert.IsType<TherapeuticRelationAdded>(Assert.Single(
            Register("authentic-source", "gp", RelationType.Gmd, start: since).Events));

        Assert.Equal((since, since.AddMonths(12), ProofType.AuthenticSource), (added.Start, added.End, added.Proof));
        Assert.Null(Register("authentic-source", "gp", RelationType.Gmd, proof: ProofType.AuthenticSource).Error);
    }

    [Theory]
    [InlineData(ProofType.EidReading)]
    [InlineData(ProofType.PatientDeclaration)]
    public void An_authentic_source_records_relations_on_no_other_proof(ProofType proof) =>
        AssertRefused(Register("authentic-source", "gp", RelationType.Gmd, proof: proof), "forbidden", 403);

    [Fact]
    public void An_authentic_source_declares_nothing_for_the_patient_and_the_type_still_fits_the_provider()
    {
        AssertRefused(Register("authentic-source", "gp", RelationType.PatientDeclared), "forbidden", 403);
        AssertRefused(Register("authentic-source", "gp", RelationType.Pharmacy), "forbidden", 403);
        Assert.Null(Register("authentic-source", "hospital", RelationType.Hospitalisation).Error);
    }

    public static TheoryData<string, string, RelationType> ProviderSide() => new()
    {
        { "gp", "gp", RelationType.Consultation },
        { "gp", "gp", RelationType.Emergency },
        { "pharmacist", "pharmacist", RelationType.Pharmacy },
        { "his", "hospital", RelationType.Hospitalisation },
        { "his", "nurse", RelationType.Referral },
    };

    [Theory]
    [MemberData(nameof(ProviderSide))]
    public void A_provider_side_start_may_be_one_day_either_side_of_now(string who, string provider, RelationType type)
    {
        Assert.Null(Register(who, provider, type, start: Now - OneDay).Error);
        Assert.Null(Register(who, provider, type, start: Now + OneDay).Error);
        AssertRefused(Register(who, provider, type, start: Now - OneDay - Tick), "invalid-period", 400);
        AssertRefused(Register(who, provider, type, start: Now + OneDay + Tick), "invalid-period", 400);
        AssertRefused(Register(who, provider, type, start: Now.AddYears(-1)), "invalid-period", 400);
    }

    [Theory]
    [MemberData(nameof(ProviderSide))]
    public void A_provider_side_end_is_at_most_the_types_duration_after_the_start(string who, string provider, RelationType type)
    {
        foreach (var start in new[] { Now - OneDay, Now, Now + OneDay })
        {
            var longest = Durations.EndOf(type, start);

            var added = Assert.IsType<TherapeuticRelationAdded>(Assert.Single(Register(who, provider, type, start, longest).Events));
            Assert.Equal((start, longest), (added.Start, added.End));
            AssertRefused(Register(who, provider, type, start, longest + Tick), "invalid-period", 400);
        }
        AssertRefused(Register(who, provider, type, end: Durations.EndOf(type, Now).AddDays(1)), "invalid-period", 400);
    }

    [Fact]
    public void A_provider_side_period_from_1900_to_9999_is_refused()
    {
        AssertRefused(
            Register("gp", "gp", RelationType.Consultation, new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero)),
            "invalid-period", 400);
    }

    [Fact]
    public void A_provider_may_not_stretch_an_active_relation_beyond_its_types_duration_by_renewing_it()
    {
        var patient = new PatientHistory();
        var first = patient.Relation(Gp, RelationType.Emergency);

        var at = Now.AddDays(2);

        var decision = patient.Do(AddRelation(
            As.Provider(Gp), Facts(Gp), RelationType.Emergency, end: at.AddMonths(1) + Tick, at: at, id: patient.NextRelationId()));

        AssertRefused(decision, "invalid-period", 400);
        Assert.Equal(first.End, Assert.Single(patient.State.Relations).End);
    }

    [Theory]
    [InlineData("patient")]
    [InlineData("representative")]
    public void The_patient_side_dates_its_declaration_freely(string who)
    {
        var start = Now.AddYears(-3);
        var end = Now.AddYears(5);

        var added = Assert.IsType<TherapeuticRelationAdded>(Assert.Single(Register(who, "gp", RelationType.PatientDeclared, start, end).Events));

        Assert.Equal((start, end, ProofType.PatientDeclaration), (added.Start, added.End, added.Proof));
        Assert.Null(Register(who, "gp", RelationType.PatientDeclared, start: Now.AddMonths(2)).Error);
    }

    [Fact]
    public void The_patient_side_still_needs_an_end_after_the_start()
    {
        AssertRefused(Register("patient", "gp", RelationType.PatientDeclared, Now, Now.AddDays(-1)), "invalid-period", 400);
    }

    [Fact]
    public void A_refused_type_is_reported_before_a_wrong_period()
    {
        AssertRefused(Register("gp", "gp", RelationType.Pharmacy, Now.AddYears(-1)), "forbidden", 403);
    }
}
