using FsCheck;
using FsCheck.Fluent;

namespace Consent.UnitTests.Identifiers;

/// <summary>A valid INSS or BIS number and the check form (1900 or 2000) it was made with.</summary>
internal sealed record InssCase(string Digits, int Century);

/// <summary>A valid NIHDI number and the check rule (97 or 89) it was made with.</summary>
internal sealed record NihdiCase(string Digits, int Modulus);

/// <summary>Generators of valid identifiers, their check digits computed by <see cref="CheckDigitOracle"/>.</summary>
internal static class IdentifierGenerators
{
    public static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(500);

    /// <summary>Any date, 00 month and day included, plain or BIS (+20, +40), any serial, either century.</summary>
    public static readonly Gen<InssCase> Inss =
        from year in Gen.Choose(0, 99)
        from month in Gen.Choose(0, 12)
        from bis in Gen.Elements(0, 20, 40)
        from day in Gen.Choose(0, 31)
        from serial in Gen.Choose(0, 999)
        from century in Gen.Elements(1900, 2000)
        let nine = $"{year:D2}{month + bis:D2}{day:D2}{serial:D3}"
        select new InssCase(nine + CheckDigitOracle.InssCheck(nine, century).ToString("D2"), century);

    /// <summary>Any profession 1..8, any sequence, either rule, any qualification.</summary>
    public static readonly Gen<NihdiCase> Nihdi =
        from profession in Gen.Choose(1, 8)
        from sequence in Gen.Choose(0, 99_999)
        from modulus in Gen.Elements(97, 89)
        from qualification in Gen.Choose(0, 999)
        let six = $"{profession}{sequence:D5}"
        select new NihdiCase($"{six}{CheckDigitOracle.NihdiCheck(six, modulus):D2}{qualification:D3}", modulus);

    /// <summary>The digits with a dot, a dash, a space or nothing between each pair, as people type them.</summary>
    public static Gen<string> WithSeparators(string digits) =>
        Gen.CollectToArray(digits.Skip(1).Select(_ => Gen.Elements("", "", ".", "-", " ")))
            .Select(separators => digits[0] + string.Concat(separators.Select((separator, i) => separator + digits[i + 1])));
}
