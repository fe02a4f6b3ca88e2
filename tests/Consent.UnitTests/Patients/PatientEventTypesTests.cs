using Consent.Service.Patients;
using static Consent.UnitTests.Patients.TestData;

namespace Consent.UnitTests.Patients;

/// <summary>Event type names and payloads are the store's and the bus's contract: they must not drift.</summary>
public sealed class PatientEventTypesTests
{
    private static readonly Guid RelationId = Guid.Parse("0195a0c4-6d1e-7000-8000-000000000001");

    /// <summary>One event of every type, each field set (optional ones too), under its stable name.</summary>
    internal static readonly IReadOnlyDictionary<string, PatientEvent> Samples = new Dictionary<string, PatientEvent>
    {
        ["consent-given"] = new ConsentGiven(ConsentType.Prospective),
        ["consent-revoked"] = new ConsentRevoked(),
        ["patient-deceased"] = new PatientDeceased(new DateOnly(2026, 2, 20)),
        ["therapeutic-relation-added"] = new TherapeuticRelationAdded(
            RelationId, Gp, RelationType.PatientDeclared, Now, Now.AddMonths(15), ProofType.EidEncodingTechproblem, Hospital.Identity),
        ["therapeutic-relation-renewed"] = new TherapeuticRelationRenewed(RelationId, Now.AddMonths(18), ProofType.IsiReading),
        ["therapeutic-relation-ended"] = new TherapeuticRelationEnded(RelationId, Now.AddDays(3)),
        ["exclusion-added"] = new ExclusionAdded(GpRequalified, "moved away"),
        ["exclusion-lifted"] = new ExclusionLifted(GpRequalified.Identity),
    };

    [Fact]
    public void Every_event_type_has_a_sample_here()
    {
        Assert.Equal(Samples.Keys.Order(), PatientEventTypes.All.Order());
    }

    [Theory]
    [InlineData("consent-given")]
    [InlineData("consent-revoked")]
    [InlineData("patient-deceased")]
    [InlineData("therapeutic-relation-added")]
    [InlineData("therapeutic-relation-renewed")]
    [InlineData("therapeutic-relation-ended")]
    [InlineData("exclusion-added")]
    [InlineData("exclusion-lifted")]
    public void Every_event_round_trips_under_its_stable_name(string name)
    {
        var sample = Samples[name];

        Assert.Equal(name, PatientEventTypes.NameOf(sample));
        Assert.Equal(sample, PatientEventTypes.Deserialize(name, PatientEventTypes.Serialize(sample)));
    }

    [Fact]
    public void Optional_fields_left_out_round_trip_as_absent()
    {
        PatientEvent[] sparse =
        [
            new TherapeuticRelationAdded(RelationId, Gp, RelationType.Consultation, Now, Now.AddMonths(15), ProofType.EidReading),
            new ExclusionAdded(Gp, null),
        ];

        foreach (var e in sparse)
        {
            Assert.Equal(e, PatientEventTypes.Deserialize(PatientEventTypes.NameOf(e), PatientEventTypes.Serialize(e)));
        }
    }

    [Fact]
    public void Payloads_use_camel_case_fields_kebab_case_values_and_identifiers_as_digits()
    {
        var added = PatientEventTypes.Serialize(Samples["therapeutic-relation-added"]);
        var lifted = PatientEventTypes.Serialize(Samples["exclusion-lifted"]);

        Assert.Equal("12345625004", added.GetProperty("provider").GetString());
        Assert.Equal("patient-declared", added.GetProperty("relationType").GetString());
        Assert.Equal("eid-encoding-techproblem", added.GetProperty("proof").GetString());
        Assert.Equal("70000148", added.GetProperty("institution").GetString());
        Assert.Equal("12345625", lifted.GetProperty("provider").GetString());
        Assert.Equal("prospective", PatientEventTypes.Serialize(Samples["consent-given"]).GetProperty("consentType").GetString());
    }

    [Fact]
    public void An_unknown_event_type_is_refused()
    {
        var data = PatientEventTypes.Serialize(new ConsentRevoked());

        Assert.ThrowsAny<System.Text.Json.JsonException>(() => PatientEventTypes.Deserialize("ConsentRevoked", data));
    }
}
