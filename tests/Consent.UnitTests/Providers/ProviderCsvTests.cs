using Consent.IntegrationTests.Providers;
using System.Text;
using Consent.Contracts.Identifiers;
using Consent.Service.Providers;

namespace Consent.UnitTests.Providers;

/// <summary>The provider import file: what it accepts, and each reason it refuses a line for, with its number.</summary>
public sealed class ProviderCsvTests
{
    private const string Header = "nihdi;firstName;lastName;qualification;city;institutions";

    private static ProviderFile Parse(params string[] lines) => ProviderCsv.Parse(new StringReader(string.Join('\n', lines)));

    [Fact]
    public void A_semicolon_file_with_accents_quotes_and_institutions_is_read()
    {
        var file = Parse(
            Header,
            "1-23456-25-004;Émile;Dupré;004;Roeselare;71000139000|71000238",
            "71000139000;;\"AZ Delta; campus Rumbeke\";;Roeselare;");

        Assert.Empty(file.Refused);
        Assert.Equal(2, file.Providers.Count);
        var gp = file.Providers[0];
        Assert.Equal("12345625004", gp.Nihdi.Value);
        Assert.Equal(("Émile", "Dupré", Profession.Physician, "004"), (gp.FirstName, gp.LastName, gp.Profession, gp.Qualification));
        Assert.Equal("Roeselare", gp.City);
        Assert.Equal(["71000139", "71000238"], gp.Institutions.Select(i => i.Value));
        Assert.Equal("AZ Delta; campus Rumbeke", file.Providers[1].LastName);
        Assert.Equal(Profession.Hospital, file.Providers[1].Profession);
    }

    [Fact]
    public void A_comma_file_with_columns_in_another_order_and_doubled_quotes_is_read()
    {
        var file = Parse("LastName,NIHDI,firstName", "\"D'Hondt \"\"Jr\"\"\",12345676004,Zoë", "\"Van den Broeck, Jr\",42203512402,Anaïs");
        Assert.Empty(file.Refused);
        Assert.Equal("D'Hondt \"Jr\"", file.Providers[0].LastName);
        Assert.Null(file.Providers[0].City);
        Assert.Equal("Van den Broeck, Jr", file.Providers[1].LastName);
        Assert.Equal(Profession.NurseOrMidwife, file.Providers[1].Profession);
    }

    [Fact]
    public void A_byte_order_mark_crlf_line_ends_blank_lines_and_spaces_around_fields_are_tolerated()
    {
        var file = ProviderCsv.Parse(new StringReader("\uFEFFnihdi ; firstName ; lastName\r\n\r\n 12345625004 ; Émile ; Dupré \r\n"));
        Assert.Empty(file.Refused);
        Assert.Equal(("12345625004", "Émile", "Dupré"), (file.Providers[0].Nihdi.Value, file.Providers[0].FirstName, file.Providers[0].LastName));
    }

    [Fact]
    public void An_8_digit_identity_takes_its_qualification_from_the_qualification_column()
    {
        var file = Parse(Header, "1.23456.25;Émile;Dupré;003;;");
        Assert.Empty(file.Refused);
        Assert.Equal("12345625003", file.Providers[0].Nihdi.Value);
        Assert.Equal("003", file.Providers[0].Qualification);
    }

    [Theory]
    [InlineData("12345626004;Émile;Dupré;;;", "check digits 26 match neither 25 (mod 97) nor 76 (mod 89)")]
    [InlineData("92345625004;Émile;Dupré;;;", "unknown profession digit 9")]
    [InlineData("02345625004;Émile;Dupré;;;", "unknown profession digit 0")]
    [InlineData("1234562500;Émile;Dupré;;;", "it has 10 digits, 11 are expected")]
    [InlineData("12345625;Émile;Dupré;;;", "it has 8 digits, 11 are expected")]
    [InlineData("1234S625004;Émile;Dupré;;;", "only digits and the separators")]
    [InlineData(";Émile;Dupré;;;", "The NIHDI number is empty")]
    [InlineData("12345625004;Émile;;;;", "lastName is empty")]
    [InlineData("12345625004;;Dupré;;;", "firstName is empty (required for a physician)")]
    [InlineData("42203512402;;Peeters;;;", "firstName is empty (required for a nurse-or-midwife)")]
    [InlineData("12345625004;Émile;Dupré;03;;", "Qualification '03' is not a 3-digit code")]
    [InlineData("12345625004;Émile;Dupré;003;;", "Qualification 003 contradicts the number's own code 004")]
    [InlineData("12345625004;Émile;Dupré;;;12345625004", "is not the NIHDI number of a hospital (profession digit 7)")]
    [InlineData("12345625004;Émile;Dupré;;;71000139000|7100", "Institution '7100' is not a valid NIHDI number")]
    [InlineData("12345625004;Émile;Dupré;;;71000138000", "Institution '71000138000' is not a valid NIHDI number")]
    [InlineData("12345625004;Émile;Dupré", "Expected 6 fields separated by ';', found 3")]
    [InlineData("12345625004;\"Émile;Dupré;;;", "A quote is left open")]
    [InlineData("12345625004;Émile;Dupré\u0007;;;", "control character")]
    public void A_bad_line_is_refused_with_its_number_and_reason(string line, string reason)
    {
        var file = Parse(Header, "71000139000;;AZ Delta;;;", line);

        var refused = Assert.Single(file.Refused);
        Assert.Equal(3, refused.Line);
        Assert.Contains(reason, refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_longer_than_200_characters_is_refused()
    {
        var refused = Assert.Single(Parse(Header, $"12345625004;Émile;{new string('é', 201)};;;").Refused);
        Assert.Contains("longer than 200", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Hospitals_and_laboratories_need_no_first_name()
    {
        var file = Parse(Header, "71000139000;;AZ Delta;;Roeselare;", $"{Lab()};;Labo Nuytinck;;Evergem;");
        Assert.Empty(file.Refused);
        Assert.Equal([Profession.Hospital, Profession.ClinicalLaboratory], file.Providers.Select(p => p.Profession));
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
    public void Every_bad_line_is_reported_in_order_and_the_good_ones_are_still_read()
    {
        var file = Parse(Header, "12345625004;Émile;Dupré;;;", "12345626004;A;B;;;", "42203512402;Anaïs;Peeters;;;", "12345625004;Émile;Dupré;;;", ";;;;;");
        Assert.Equal([3, 5, 6], file.Refused.Select(r => r.Line));
        Assert.Equal(2, file.Providers.Count);
    }

    [Theory]
    [InlineData("riziv;name", "lacks the column(s) nihdi, firstname, lastname")]
    [InlineData("nihdi;firstName;lastName;town", "unknown column(s) 'town'")]
    [InlineData("nihdi;firstName;lastName;city;city", "names city twice")]
    public void A_header_that_cannot_be_read_is_refused_on_line_1_and_nothing_else_is_read(string header, string reason)
    {
        var refused = Assert.Single(Parse(header, "12345625004;Émile;Dupré;Gent;Gent").Refused);
        Assert.Equal(1, refused.Line);
        Assert.Contains(reason, refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_is_refused()
    {
        var refused = Assert.Single(Parse().Refused);
        Assert.Equal((1, "The file is empty: a header line is required."), (refused.Line, refused.Reason));
    }

    [Fact]
    public void A_file_that_is_not_utf8_is_refused_at_the_first_line_that_is_not()
    {
        var latin1 = Encoding.Latin1.GetBytes($"{Header}\n12345625004;Emile;Dupre;;;\n12345676004;Zoë;Dupré;;;\n");
        using var reader = new StreamReader(new MemoryStream(latin1), ProviderCsv.Utf8);

        var refused = Assert.Single(ProviderCsv.Parse(reader).Refused);

        Assert.Contains("not valid UTF-8", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_asynchronously_gives_the_same_file()
    {
        var text = string.Join('\n', Header, "12345625004;Émile;Dupré;;Gent;71000139", "bad");
        var synchronous = ProviderCsv.Parse(new StringReader(text));
        var asynchronous = await ProviderCsv.ParseAsync(new StringReader(text), CancellationToken.None);
        Assert.Equal(synchronous.Refused, asynchronous.Refused);
        Assert.Equal(synchronous.Providers.Select(p => (p.Nihdi, p.LastName, p.City)), asynchronous.Providers.Select(p => (p.Nihdi, p.LastName, p.City)));
    }

    [Theory]
    [InlineData(';')]
    [InlineData(',')]
    public void What_the_writer_writes_the_reader_reads_back(char separator)
    {
        Provider[] providers =
        [
            new(Nihdi.Parse("12345625004"), "Émile", "Dupré, \"Jr\"", Profession.Physician, "004", "Sint-Niklaas; Waas", [ProviderId.TryParse("71000139", out var h) ? h.Value : default]),
            new(Nihdi.Parse("71000139000"), "", "AZ Delta", Profession.Hospital, "000", null, []),
        ];

        var file = ProviderCsv.Parse(new StringReader(ProviderCsvWriter.ToCsv(providers, separator)));

        Assert.Empty(file.Refused);
        Assert.Equal(providers.Select(p => (p.Nihdi, p.FirstName, p.LastName, p.City, string.Join('|', p.Institutions))),
            file.Providers.Select(p => (p.Nihdi, p.FirstName, p.LastName, p.City, string.Join('|', p.Institutions))));
    }

    [Fact]
    public void The_synthetic_directory_is_a_valid_import_file_of_distinct_providers()
    {
        var file = ProviderCsv.Parse(new StringReader(SyntheticProviders.Csv(20_000)));

        Assert.Empty(file.Refused);
        Assert.Equal(20_000, file.Providers.Count);
        // Some numbers of the newer mod 89 rule, by the independent oracle (not the production check-digit code).
        Assert.Contains(file.Providers, p => p.Nihdi.Value[6..8] == Identifiers.CheckDigitOracle.NihdiCheck(p.Nihdi.Value[..6], 89).ToString("D2", System.Globalization.CultureInfo.InvariantCulture)
            && p.Nihdi.Value[6..8] != Identifiers.CheckDigitOracle.NihdiCheck(p.Nihdi.Value[..6], 97).ToString("D2", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(6, file.Providers.Select(p => p.Profession).Where(p => p != Profession.Hospital).Distinct().Count());
        Assert.Contains(file.Providers, p => p.Institutions.Count > 0);
        // Varied enough that most names single out one provider, as in the real directory.
        Assert.True(file.Providers.Select(p => (p.FirstName, p.LastName)).Distinct().Count() > 10_000);
    }

    private static string Lab()
    {
        const int first6 = 812345;
        return $"{first6}{Identifiers.CheckDigitOracle.NihdiCheck(first6.ToString(System.Globalization.CultureInfo.InvariantCulture), 97):D2}000";
    }
}
