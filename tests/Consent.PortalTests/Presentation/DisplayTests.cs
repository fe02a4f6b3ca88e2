using Consent.Portal.Presentation;

namespace Consent.PortalTests.Presentation;

/// <summary>Numbers as a patient reads them on MijnGezondheid (no browser needed).</summary>
public sealed class DisplayTests
{
    [Theory]
    [InlineData("12345625004", "1-23456-25-004")]
    [InlineData("1-23456-25-004", "1-23456-25-004")]
    [InlineData("71000139", "7-10001-39")]
    [InlineData("123", "123")]
    public void Riziv_numbers_are_grouped_profession_sequence_check_qualification(string nihdi, string shown) =>
        Assert.Equal(shown, Display.Riziv(nihdi));

    [Theory]
    [InlineData("85073003328", "85.07.30-033.28")]
    [InlineData("85.07.30-033.28", "85.07.30-033.28")]
    public void National_register_numbers_are_grouped_as_on_the_eid(string inss, string shown) =>
        Assert.Equal(shown, Display.Inss(inss));

    [Fact]
    public void A_provider_without_a_first_name_is_shown_by_its_last_name_and_one_without_a_name_by_its_number()
    {
        Assert.Equal("AZ Delta", Display.Name("", "AZ Delta", "71000139000"));
        Assert.Equal("7-10001-39-000", Display.Name(null, null, "71000139000"));
    }

    [Fact]
    public void Dates_follow_the_pages_language_in_belgian_time()
    {
        var clock = new PortalClock("Europe/Brussels");
        var instant = new DateTimeOffset(2026, 3, 1, 23, 30, 0, TimeSpan.Zero);
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new("nl-BE");
            Assert.Equal("2 maart 2026 00:30", clock.DateTime(instant));
            System.Globalization.CultureInfo.CurrentCulture = new("fr-BE");
            Assert.Equal("2 mars 2026", clock.Date(instant));
            System.Globalization.CultureInfo.CurrentCulture = new("en-GB");
            Assert.Equal("2 March 2026", clock.Date(instant));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }
}
