using System.Globalization;
using System.Text;
using Consent.Contracts.Identifiers;
using FsCheck;
using FsCheck.Fluent;

namespace Consent.UnitTests.Access;

/// <summary>
/// A break-the-glass justification: 10 to 500 characters, at least 10 letters or digits, no control or
/// format character. Anything else is refused and never opens the record.
/// </summary>
public sealed class BreakTheGlassTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(500);

    private static bool IsControlOrFormat(char c) => char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format;

    /// <summary>Every UTF-16 unit of category Control or Format (C0, C1, soft hyphen, zero-width and bidi marks, BOM, ...).</summary>
    private static readonly char[] ControlOrFormat =
        [.. Enumerable.Range(char.MinValue, char.MaxValue + 1).Select(c => (char)c).Where(IsControlOrFormat)];

    [Fact]
    public void Ten_letters_are_a_justification() => Assert.True(BreakTheGlass.IsValid("unconsciou"));

    [Fact]
    public void Ten_zero_width_spaces_are_not() => Assert.False(BreakTheGlass.IsValid(new string('\u200B', 10)));

    [Fact]
    public void Zero_width_spaces_between_letters_do_not_make_them_valid() =>
        Assert.False(BreakTheGlass.IsValid("u\u200Bnconscious patient"));

    [Fact]
    public void A_nul_before_ten_letters_is_refused() => Assert.False(BreakTheGlass.IsValid("\u0000" + "unconsciou"));

    [Theory]
    [InlineData(9, false)]
    [InlineData(10, true)]
    [InlineData(500, true)]
    [InlineData(501, false)]
    public void Five_hundred_characters_is_the_most(int length, bool valid) => Assert.Equal(valid, BreakTheGlass.IsValid(new string('a', length)));

    [Theory]
    [InlineData("          ")]
    [InlineData("!!!!!!!!!!!!!!!!!!!!")]
    [InlineData("a b c d e f g h i")]
    [InlineData("unconscious\npatient")]
    [InlineData("unconscious\tpatient")]
    [InlineData("unconscious\u202Epatient")]
    [InlineData("unconscious\u200Epatient")]
    [InlineData("unconscious\u00ADpatient")]
    [InlineData("\uFEFFunconscious patient")]
    public void Too_few_letters_or_digits_or_any_control_or_format_character_is_refused(string text) =>
        Assert.False(BreakTheGlass.IsValid(text));

    [Theory]
    [InlineData("Patient unconscious at the emergency department")]
    [InlineData("Bewusteloos, spoedopname!")]
    [InlineData("Réanimation, état critique")]
    [InlineData("1234567890")]
    [InlineData("a1 b2 c3 d4 e5")]
    public void Ordinary_text_with_ten_letters_or_digits_is_accepted(string text) => Assert.True(BreakTheGlass.IsValid(text));

    // Otherwise valid text (letters only, 10 to 490 of them) with a control or format character put in anywhere.
    private static readonly Gen<string> WithControlOrFormat =
        from letters in Gen.Choose(10, 490).SelectMany(n => Gen.ArrayOf(Gen.Elements("abcdefghijéèàü0123456789 ".ToCharArray()), n))
        from bad in Gen.Elements(ControlOrFormat)
        from at in Gen.Choose(0, letters.Length)
        select new string(letters).Insert(at, bad.ToString());

    // Any UTF-16 text up to 600 units, skewed towards the characters that matter here.
    private static readonly Gen<string> AnyText =
        Gen.Choose(0, 600).SelectMany(n => Gen.ArrayOf(Gen.Frequency(
            (4, Gen.Elements("abcxyzé019 .,!".ToCharArray())),
            (1, Gen.Elements(ControlOrFormat)),
            (1, Gen.Choose(0, char.MaxValue).Select(c => (char)c))), n))
        .Select(chars => new string(chars));

    [Fact]
    public void No_text_with_a_control_or_format_character_is_ever_valid()
    {
        Check.One(Config, Prop.ForAll(WithControlOrFormat.ToArbitrary(), text =>
            (!BreakTheGlass.IsValid(text)).Label($"'{Escape(text)}' was accepted")));

        Check.One(Config, Prop.ForAll(AnyText.ToArbitrary(), text =>
            (!text.Any(IsControlOrFormat) || !BreakTheGlass.IsValid(text))
                .Classify(text.Any(IsControlOrFormat), "has a control or format character")
                .Label($"'{Escape(text)}' was accepted")));
    }

    [Fact]
    public void Validity_is_exactly_the_rule_of_domain_md()
    {
        Check.One(Config, Prop.ForAll(Gen.OneOf(AnyText, WithControlOrFormat).ToArbitrary(), text =>
        {
            var expected = IsWellFormed(text) && text.EnumerateRunes().ToList() is var characters
                && characters.Count is >= 10 and <= 500
                && !characters.Any(r => Rune.GetUnicodeCategory(r) is UnicodeCategory.Control or UnicodeCategory.Format)
                && characters.Count(Rune.IsLetterOrDigit) >= 10;
            return (BreakTheGlass.IsValid(text) == expected).Label($"'{Escape(text)}': expected {expected}");
        }));
    }

    // Well-formed UTF-16 (no surrogate half alone) is what a strict UTF-8 encoder accepts.
    private static bool IsWellFormed(string text)
    {
        try
        {
            new UTF8Encoding(false, throwOnInvalidBytes: true).GetByteCount(text);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    [Theory]
    [InlineData(490, true)]
    [InlineData(491, false)]
    public void Characters_are_counted_as_a_reader_counts_them_not_in_utf16_halves(int emoji, bool valid)
    {
        // Each emoji is one character but two UTF-16 units: 490 of them and ten letters are 500 characters.
        var text = "unconsciou" + string.Concat(Enumerable.Repeat("\U0001F691", emoji));
        Assert.Equal(valid, BreakTheGlass.IsValid(text));
    }

    [Fact]
    public void A_surrogate_half_alone_is_not_a_character_and_is_refused()
    {
        const char high = '\uD83D', low = '\uDE91';
        Assert.True(BreakTheGlass.IsValid($"unconscious {high}{low} patient"));
        Assert.False(BreakTheGlass.IsValid($"unconscious {high} patient"));
        Assert.False(BreakTheGlass.IsValid($"unconscious {low} patient"));
        Assert.False(BreakTheGlass.IsValid($"unconscious patient {high}"));
    }

    [Fact]
    public void An_invalid_justification_without_a_relation_never_permits()
    {
        var asker = new ProviderAccessFacts(Nihdi.Parse("10000106004").Identity, []);
        var invalid = Gen.OneOf(AnyText, WithControlOrFormat).Where(text => !BreakTheGlass.IsValid(text));
        var states = new[]
        {
            new PolicyScenario().Consented(),
            new PolicyScenario().Consented().ActiveRelation(PolicyScenario.Gp),
            new PolicyScenario().Consented().ActiveRelation(PolicyScenario.Hospital),
        }.Select(s => s.State).ToArray();
        var cases =
            from text in invalid
            from state in Gen.Elements(states)
            from documentType in Gen.Elements<DocumentType?>(null, DocumentType.Sumehr, DocumentType.ImagingReport)
            select (text, state, documentType);

        Check.One(Config, Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var verdict = AccessPolicy.Decide(c.state, new AccessQuestion(asker, c.documentType, PolicyScenario.T0, c.text), AccessMatrix.Default);
            return (!verdict.Permit && !verdict.ReviewRequired
                    && verdict.Reasons.Contains(AccessReasons.NoTherapeuticRelation)
                    && !verdict.Reasons.Contains(AccessReasons.BreakTheGlass))
                .Label($"'{Escape(c.text)}' gave {(verdict.Permit ? "permit" : "deny")} [{string.Join(",", verdict.Reasons)}]");
        }));
    }

    [Fact]
    public void A_valid_justification_without_a_relation_permits_for_review_and_an_invalid_one_does_not()
    {
        var scenario = new PolicyScenario().Consented();

        var valid = scenario.Ask(PolicyScenario.OtherPhysician, breakTheGlass: "unconsciou");
        var zeroWidth = scenario.Ask(PolicyScenario.OtherPhysician, breakTheGlass: new string('\u200B', 10));

        Assert.True(valid.Permit);
        Assert.True(valid.ReviewRequired);
        Assert.False(zeroWidth.Permit);
        Assert.False(zeroWidth.ReviewRequired);
        Assert.Equal([AccessReasons.NoTherapeuticRelation], zeroWidth.Reasons);
    }

    private static string Escape(string text) =>
        string.Concat(text.Select(c => IsControlOrFormat(c) || c > '\u007E' ? $"\\u{(int)c:X4}" : c.ToString()));
}
