using Consent.Contracts.Identifiers;

namespace Consent.UnitTests.Identifiers;

/// <summary>The INSS worked examples and input rules of domain.md.</summary>
public sealed class InssTests
{
    [Theory]
    [InlineData("85073003328", 1900)]
    [InlineData("17073003384", 2000)]
    [InlineData("01020300269", 2000)]
    public void The_worked_examples_parse_with_the_form_that_matched(string input, int century)
    {
        var inss = Inss.Parse(input);

        Assert.Equal(input, inss.Value);
        Assert.Equal(century, inss.BirthCentury);
    }

    [Fact]
    public void The_same_first_nine_digits_are_a_1901_or_a_2001_birth_depending_on_the_check_digits()
    {
        Assert.Equal(new DateOnly(2001, 2, 3), Inss.Parse("01020300269").BirthDate);
        Assert.Equal(new DateOnly(1901, 2, 3), Inss.Parse("01020300240").BirthDate);
    }

    [Theory]
    [InlineData("85.07.30-033.28")]
    [InlineData("850730 033 28")]
    [InlineData("85-07-30-033-28")]
    [InlineData(" 85073003328 ")]
    [InlineData("85 . 07 . 30 - 033 . 28")]
    public void Separators_people_type_are_normalised_away(string input)
    {
        Assert.True(Inss.TryParse(input, out var inss));
        Assert.Equal("85073003328", inss.Value.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("8507300332")]
    [InlineData("850730033288")]
    [InlineData("85O73003328")]
    [InlineData("85073003328a")]
    [InlineData("85_07_30_033_28")]
    [InlineData("85/07/30/033/28")]
    [InlineData("85073003329")]
    public void Letters_wrong_lengths_empty_and_wrong_check_digits_are_refused(string? input)
    {
        Assert.False(Inss.TryParse(input, out var inss));
        Assert.Null(inss);
    }

    [Fact]
    public void Parse_throws_a_format_exception_for_a_bad_number()
    {
        Assert.Throws<FormatException>(() => Inss.Parse("85073003329"));
    }

    [Theory]
    [InlineData("85273003371", 1900)] // month + 20: sex unknown
    [InlineData("85473003317", 1900)] // month + 40: sex known
    [InlineData("17273003330", 2000)]
    [InlineData("17473003373", 2000)]
    public void Bis_numbers_are_accepted_and_keep_their_birth_date(string input, int century)
    {
        var inss = Inss.Parse(input);

        Assert.True(inss.IsBis);
        Assert.Equal(century, inss.BirthCentury);
        Assert.Equal(new DateOnly(century + int.Parse(input[..2]), 7, 30), inss.BirthDate);
    }

    [Fact]
    public void A_national_register_number_is_not_a_bis_number()
    {
        Assert.False(Inss.Parse("85073003328").IsBis);
    }

    [Theory]
    [InlineData("85133003370")] // month 13, check digits right
    [InlineData("85333003316")] // BIS month 13 + 20
    [InlineData("85073203365")] // day 32, check digits right
    [InlineData("85673003360")] // month 67: beyond every BIS range
    public void An_impossible_month_or_day_is_refused_even_with_right_check_digits(string input)
    {
        Assert.False(Inss.TryParse(input, out _));
    }

    [Fact]
    public void An_unknown_month_and_day_are_accepted_without_a_birth_date()
    {
        var inss = Inss.Parse("85000003306");

        Assert.Equal(1900, inss.BirthCentury);
        Assert.Null(inss.BirthDate);
    }

    [Fact]
    public void The_birth_date_follows_the_century_of_the_check_form()
    {
        Assert.Equal(new DateOnly(1985, 7, 30), Inss.Parse("85073003328").BirthDate);
        Assert.Equal(new DateOnly(2017, 7, 30), Inss.Parse("17073003384").BirthDate);
    }
}
