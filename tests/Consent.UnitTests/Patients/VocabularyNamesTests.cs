namespace Consent.UnitTests.Patients;

/// <summary>The public kebab-case names of the vocabulary are those of domain.md, and parse back.</summary>
public sealed class VocabularyNamesTests
{
    [Fact]
    public void Relation_types_are_named_as_in_domain_md()
    {
        Assert.Equal(
            ["consultation", "pharmacy", "gmd", "hospitalisation", "referral", "emergency", "patient-declared"],
            Enum.GetValues<RelationType>().Select(KebabEnum.Name));
    }

    [Fact]
    public void Proof_types_are_named_as_in_domain_md()
    {
        Assert.Equal(
            ["eid-reading", "isi-reading", "sis-reading", "eid-signing", "eid-encoding-housecall", "eid-encoding-nocard",
             "eid-encoding-techproblem", "patient-declaration", "authentic-source"],
            Enum.GetValues<ProofType>().Select(KebabEnum.Name));
    }

    [Fact]
    public void Every_name_parses_back_to_its_value()
    {
        AssertRoundTrips<RelationType>();
        AssertRoundTrips<ProofType>();
        AssertRoundTrips<ConsentType>();
        AssertRoundTrips<RelationStatus>();
    }

    [Theory]
    [InlineData("PatientDeclared")]
    [InlineData("patient_declared")]
    [InlineData("Patient-Declared")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_spellings_are_not_names(string? text)
    {
        Assert.False(KebabEnum.TryParse<RelationType>(text, out _));
    }

    private static void AssertRoundTrips<T>() where T : struct, Enum
    {
        foreach (var value in Enum.GetValues<T>())
        {
            Assert.True(KebabEnum.TryParse<T>(KebabEnum.Name(value), out var parsed));
            Assert.Equal(value, parsed);
        }
    }
}
