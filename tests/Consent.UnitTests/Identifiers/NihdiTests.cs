using Consent.Contracts.Identifiers;

namespace Consent.UnitTests.Identifiers;

/// <summary>The NIHDI (RIZIV/INAMI) examples and rules of domain.md, and the 8-digit provider identity.</summary>
public sealed class NihdiTests
{
    [Theory]
    [InlineData("12345625004")] // 97 - (123456 mod 97) = 25
    [InlineData("12345676004")] // 89 - (123456 mod 89) = 76
    public void Both_check_rules_of_the_examples_are_accepted(string input)
    {
        Assert.True(Nihdi.TryParse(input, out var nihdi));
        Assert.Equal(input, nihdi.Value.Value);
    }

    [Theory]
    [InlineData("1-23456-25-004")]
    [InlineData("1 23456 25 004")]
    [InlineData("1.23456.25.004")]
    public void The_number_as_providers_write_it_parses(string input)
    {
        Assert.Equal("12345625004", Nihdi.Parse(input).Value);
    }

    [Fact]
    public void Formatted_writes_the_number_the_way_providers_do()
    {
        Assert.Equal("1-23456-25-004", Nihdi.Parse("12345625004").Formatted);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1234562500")]
    [InlineData("123456250044")]
    [InlineData("1234562500A")]
    [InlineData("12345635004")] // neither check rule
    [InlineData("12345624004")]
    [InlineData("1/23456/25/004")] // separators are dots, dashes and spaces (domain.md): anything else is refused
    public void Letters_wrong_lengths_and_wrong_check_digits_are_refused(string? input)
    {
        Assert.False(Nihdi.TryParse(input, out _));
    }

    [Fact]
    public void The_identity_is_the_first_eight_digits_and_survives_a_new_qualification()
    {
        var trainee = Nihdi.Parse("1-23456-25-004");
        var recognised = Nihdi.Parse("1-23456-25-003");

        Assert.Equal("12345625", trainee.Identity.Value);
        Assert.Equal(trainee.Identity, recognised.Identity);
        Assert.NotEqual(trainee, recognised);
        Assert.Equal("004", trainee.Qualification);
        Assert.Equal("003", recognised.Qualification);
    }

    [Theory]
    [InlineData("10000106000", Profession.Physician)]
    [InlineData("20000113000", Profession.HospitalPharmacist)]
    [InlineData("30000120000", Profession.Dentist)]
    [InlineData("40000127000", Profession.NurseOrMidwife)]
    [InlineData("50000134000", Profession.Physiotherapist)]
    [InlineData("60000141000", Profession.Pharmacist)]
    [InlineData("70000148000", Profession.Hospital)]
    [InlineData("80000155000", Profession.ClinicalLaboratory)]
    public void The_first_digit_gives_the_profession(string input, Profession profession)
    {
        var nihdi = Nihdi.Parse(input);

        Assert.Equal(profession, nihdi.Profession);
        Assert.Equal(profession, nihdi.Identity.Profession);
    }

    [Theory]
    [InlineData("00000196000")] // right mod 97 check digits, no profession 0
    [InlineData("00000287000")] // right mod 89 check digits
    [InlineData("90000162000")] // no profession 9
    [InlineData("90000255000")]
    public void Profession_digits_0_and_9_are_refused(string input)
    {
        Assert.False(Nihdi.TryParse(input, out _));
        Assert.False(ProviderId.TryParse(input, out _));
        Assert.False(ProviderId.TryParse(input[..8], out _));
    }

    [Theory]
    [InlineData("12345625")]
    [InlineData("1-23456-25")]
    [InlineData("12345625004")]
    [InlineData("12345625003")]
    [InlineData("1-23456-25-004")]
    public void A_provider_id_parses_from_eight_or_eleven_digits(string input)
    {
        Assert.True(ProviderId.TryParse(input, out var id));
        Assert.Equal("12345625", id.Value.Value);
    }

    [Theory]
    [InlineData("12345626")]
    [InlineData("1234562")]
    [InlineData("123456250")]
    [InlineData("12345635004")]
    [InlineData("")]
    [InlineData(null)]
    public void A_provider_id_with_wrong_check_digits_or_length_is_refused(string? input)
    {
        Assert.False(ProviderId.TryParse(input, out _));
    }
}
