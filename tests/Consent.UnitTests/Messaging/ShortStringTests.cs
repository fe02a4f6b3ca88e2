using Consent.Service.Messaging;

namespace Consent.UnitTests.Messaging;

/// <summary>A sender's properties copied into a dead letter or reply must fit an AMQP short string when written again.</summary>
public sealed class ShortStringTests
{
    [Theory]
    [InlineData(255, 'a', true)]
    [InlineData(256, 'a', false)]
    // Invalid UTF-8 is read as U+FFFD, three bytes each when written again: 85 of them fit, 86 do not.
    [InlineData(85, '\uFFFD', true)]
    [InlineData(86, '\uFFFD', false)]
    public void A_property_is_kept_only_when_it_fits_255_bytes_again(int length, char c, bool kept)
    {
        var value = new string(c, length);
        Assert.Equal(kept ? value : null, BusResponder.ShortString(value));
    }

    [Fact]
    public void An_absent_property_stays_absent() => Assert.Null(BusResponder.ShortString(null));
}
