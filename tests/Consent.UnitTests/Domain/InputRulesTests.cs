namespace Consent.UnitTests.Domain;

/// <summary>api.md's input rules: no control characters or bidirectional overrides, bounded lengths, dates in range.</summary>
public sealed class InputRulesTests
{
    private static IEnumerable<char> Range(char first, char last) => Enumerable.Range(first, last - first + 1).Select(c => (char)c);

    private static readonly char[] Forbidden =
        [.. Range('\u0000', '\u001F'), .. Range('\u007F', '\u009F'), .. Range('\u202A', '\u202E'), .. Range('\u2066', '\u2069')];

    [Fact]
    public void Every_control_character_and_bidirectional_override_is_refused_alone_and_inside_text()
    {
        Assert.Equal(32 + 33 + 5 + 4, Forbidden.Length);
        foreach (var c in Forbidden)
        {
            Assert.True(InputRules.IsForbidden(c), $"U+{(int)c:X4}");
            Assert.False(InputRules.IsClean(c.ToString()), $"U+{(int)c:X4} alone");
            Assert.False(InputRules.IsClean($"Dupré{c}, Émile"), $"U+{(int)c:X4} inside text");
            Assert.False(InputRules.IsClean($"Dupré, Émile{c}"), $"U+{(int)c:X4} at the end");
        }
    }

    [Fact]
    public void Nothing_outside_those_ranges_is_refused()
    {
        var forbidden = Forbidden.ToHashSet();
        for (var c = char.MinValue; c < char.MaxValue; c++)
        {
            Assert.Equal(forbidden.Contains(c), InputRules.IsForbidden(c));
        }
    }

    [Theory]
    [InlineData("\u0020")]
    [InlineData("\u007E")]
    [InlineData("\u00A0")]
    [InlineData("\u2029")]
    [InlineData("\u202F")]
    [InlineData("\u2065")]
    [InlineData("\u206A")]
    public void The_neighbours_of_the_forbidden_ranges_are_clean(string text) => Assert.True(InputRules.IsClean(text));

    [Theory]
    [InlineData("Dupré, Émile")]
    [InlineData("Van den Bossche-Ünal")]
    [InlineData("Łódź, Ærøskøbing, Çağlar")]
    [InlineData("Αθηνά Παπαδοπούλου")]
    [InlineData("O'Brien (née Müller)")]
    [InlineData("")]
    public void Ordinary_text_with_accents_and_punctuation_is_clean(string text)
    {
        Assert.True(InputRules.IsClean(text));
        Assert.Equal(text, InputRules.Text("reason", text, InputRules.MaxReasonLength));
    }

    [Fact]
    public void Text_refuses_a_forbidden_character_naming_the_field()
    {
        var refusal = Assert.Throws<RefusedException>(() => InputRules.Text("reason", "moved\u202Eaway", InputRules.MaxReasonLength));

        Assert.Equal(ErrorCodes.InvalidRequest, refusal.Code);
        Assert.Contains("reason", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_accepts_the_maximum_length_and_refuses_one_more()
    {
        Assert.NotNull(InputRules.Text("reason", new string('é', InputRules.MaxReasonLength), InputRules.MaxReasonLength));
        var refusal = Assert.Throws<RefusedException>(() => InputRules.Text("reason", new string('é', InputRules.MaxReasonLength + 1), InputRules.MaxReasonLength));
        Assert.Equal(ErrorCodes.InvalidRequest, refusal.Code);
        Assert.Null(InputRules.Text("reason", null, InputRules.MaxReasonLength));
    }

    public static TheoryData<DateTimeOffset> OutOfRange() => new()
    {
        new DateTimeOffset(1899, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_999),
        new DateTimeOffset(1900, 1, 1, 0, 30, 0, TimeSpan.FromHours(1)),
        new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero),
        // Both days are in the range whole: the first instant outside is the day after 2200-01-01.
        new DateTimeOffset(2200, 1, 2, 0, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2200, 1, 2, 0, 30, 0, TimeSpan.FromHours(-1)),
        new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero),
    };

    public static TheoryData<DateTimeOffset> InRange() => new()
    {
        new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.FromHours(1)),
        new DateTimeOffset(2200, 1, 1, 0, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2200, 1, 2, 0, 0, 0, TimeSpan.Zero).AddTicks(-1),
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void A_date_outside_1900_to_2200_is_refused_with_the_given_code(DateTimeOffset date)
    {
        var refusal = Assert.Throws<RefusedException>(() => InputRules.Date("start", date, ErrorCodes.InvalidPeriod));
        Assert.Equal(ErrorCodes.InvalidPeriod, refusal.Code);
        Assert.Contains("start", refusal.Message, StringComparison.Ordinal);

        Assert.Equal(ErrorCodes.InvalidRequest, Assert.Throws<RefusedException>(() => InputRules.Date("at", date)).Code);
    }

    [Theory]
    [MemberData(nameof(InRange))]
    public void A_date_from_1900_up_to_2200_is_kept(DateTimeOffset date) =>
        Assert.Equal(date, InputRules.Date("start", date, ErrorCodes.InvalidPeriod));

    [Fact]
    public void No_date_is_no_date() => Assert.Null(InputRules.Date("end", null, ErrorCodes.InvalidPeriod));

    [Fact]
    public void A_calendar_date_follows_the_same_range()
    {
        Assert.Equal(new DateOnly(1900, 1, 1), InputRules.Date("date", new DateOnly(1900, 1, 1)));
        Assert.Equal(new DateOnly(2200, 1, 1), InputRules.Date("date", new DateOnly(2200, 1, 1)));
        Assert.Equal(ErrorCodes.InvalidRequest, Assert.Throws<RefusedException>(() => InputRules.Date("date", new DateOnly(1899, 12, 31))).Code);
        Assert.Equal(ErrorCodes.InvalidRequest, Assert.Throws<RefusedException>(() => InputRules.Date("date", new DateOnly(2200, 1, 2))).Code);
    }

    [Theory]
    [InlineData("corr-123", true)]
    [InlineData("!~", true)]
    [InlineData("", false)]
    [InlineData("with space", false)]
    [InlineData("café", false)]
    public void Ids_are_visible_ascii(string id, bool valid) => Assert.Equal(valid, InputRules.IsVisibleAscii(id, InputRules.MaxIdLength));

    [Fact]
    public void Ids_are_bounded_in_length()
    {
        Assert.True(InputRules.IsVisibleAscii(new string('a', InputRules.MaxIdLength), InputRules.MaxIdLength));
        Assert.False(InputRules.IsVisibleAscii(new string('a', InputRules.MaxIdLength + 1), InputRules.MaxIdLength));
    }
}
