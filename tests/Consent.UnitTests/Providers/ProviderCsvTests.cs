using Consent.Contracts.Identifiers;
using Consent.Service.Providers;

namespace Consent.UnitTests.Providers;

/// <summary>The provider import file: what it accepts, and each reason it refuses a line for, with its number.</summary>
public sealed class ProviderCsvTests
{
    private static ProviderFile Parse(params string[] lines) => ProviderCsv.Parse(new StringReader(string.Join('\n', lines)));

    [Fact]
    public void A_semicolon_file_with_accents_quotes_and_institutions_is_read()
    {
        var file = Parse(
            "nihdi;firstName;lastName;city;institutions",
            "1-23456-25-004;Émile;Dupré;Roeselare;71000139000|71000238",
            "71000139000;;\"AZ Delta; campus Rumbeke\";Roeselare;");

        Assert.Empty(file.Refused);
        Assert.Equal(2, file.Providers.Count);
        var gp = file.Providers[0];
        Assert.Equal("12345625004", gp.Nihdi.Value);
        Assert.Equal(("Émile", "Dupré", Profession.Physician, "004"), (gp.FirstName, gp.LastName, gp.Profession, gp.Qualification));
        Assert.Equal(["71000139", "71000238"], gp.Institutions.Select(i => i.Value));
        Assert.Equal("AZ Delta; campus Rumbeke", file.Providers[1].LastName);
        Assert.Equal(Profession.Hospital, file.Providers[1].Profession);
    }

    [Fact]
    public void A_comma_file_with_columns_in_another_order_and_doubled_quotes_is_read()
    {
        var file = Parse("lastName,nihdi,firstName", "\"D'Hondt \"\"Jr\"\"\",12345676004,Zoë");
        Assert.Empty(file.Refused);
        Assert.Equal("D'Hondt \"Jr\"", file.Providers[0].LastName);
        Assert.Null(file.Providers[0].City);
    }

    [Theory]
    [InlineData("12345626004;Émile;Dupré;;", "not a valid NIHDI")]
    [InlineData("92345625004;Émile;Dupré;;", "not a valid NIHDI")]
    [InlineData("12345625004;Émile;;;", "lastName is empty")]
    [InlineData("12345625004;Émile;Dupré;;12345625004", "not the NIHDI number of a hospital")]
    [InlineData("12345625004;Émile;Dupré;;7100", "not the NIHDI number of a hospital")]
    [InlineData("12345625004;Émile;Dupré", "Expected 5 fields")]
    [InlineData("12345625004;\"Émile;Dupré;;", "Expected 5 fields")]
    public void A_bad_line_is_refused_with_its_number_and_reason(string line, string reason)
    {
        var file = Parse("nihdi;firstName;lastName;city;institutions", "71000139000;;AZ Delta;;", line);

        var refused = Assert.Single(file.Refused);
        Assert.Equal(3, refused.Line);
        Assert.Contains(reason, refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_provider_twice_is_refused_even_under_another_qualification()
    {
        var file = Parse("nihdi;firstName;lastName", "12345625004;Émile;Dupré", "", "12345625003;Émile;Dupré");
        var refused = Assert.Single(file.Refused);
        Assert.Equal(4, refused.Line);
        Assert.Contains("already on line 2", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_without_the_required_columns_is_refused_on_line_1()
    {
        var refused = Assert.Single(Parse("riziv;name", "12345625004;Dupré").Refused);
        Assert.Equal(1, refused.Line);
        Assert.Contains("firstname", refused.Reason, StringComparison.Ordinal);
    }
}
