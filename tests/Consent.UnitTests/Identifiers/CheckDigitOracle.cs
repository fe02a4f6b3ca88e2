namespace Consent.UnitTests.Identifiers;

/// <summary>
/// The check-digit rules of domain.md, written again independently of the production code: remainders
/// are computed digit by digit over the decimal text (the 2000 form of an INSS is the text "2" followed by
/// its nine digits), so a slip in the production arithmetic cannot be copied here.
/// </summary>
internal static class CheckDigitOracle
{
    public static int Remainder(string digits, int modulus)
    {
        var remainder = 0;
        foreach (var c in digits)
        {
            remainder = ((remainder * 10) + (c - '0')) % modulus;
        }
        return remainder;
    }

    /// <summary>The INSS check digits of nine digits, in the 1900 or the 2000 form.</summary>
    public static int InssCheck(string nineDigits, int century) =>
        97 - Remainder(century == 2000 ? "2" + nineDigits : nineDigits, 97);

    /// <summary>The forms (1900, 2000) under which 11 digits are a valid INSS or BIS number.</summary>
    public static IReadOnlyList<int> InssForms(string digits)
    {
        var month = int.Parse(digits[2..4]);
        var day = int.Parse(digits[4..6]);
        var monthKnown = month is (>= 0 and <= 12) or (>= 20 and <= 32) or (>= 40 and <= 52);
        if (!monthKnown || day > 31)
        {
            return [];
        }
        var check = int.Parse(digits[9..]);
        return [.. new[] { 1900, 2000 }.Where(century => InssCheck(digits[..9], century) == check)];
    }

    /// <summary>The NIHDI check digits of the first six digits under the mod 97 or the mod 89 rule.</summary>
    public static int NihdiCheck(string firstSix, int modulus) => modulus - Remainder(firstSix, modulus);

    /// <summary>The rules (97, 89) under which 11 (or 8) digits are a valid NIHDI number (or identity).</summary>
    public static IReadOnlyList<int> NihdiRules(string digits)
    {
        if (digits[0] is < '1' or > '8')
        {
            return [];
        }
        var check = int.Parse(digits[6..8]);
        return [.. new[] { 97, 89 }.Where(modulus => NihdiCheck(digits[..6], modulus) == check)];
    }

    /// <summary>Every number that differs from the given one in exactly one digit.</summary>
    public static IEnumerable<(int Position, string Number)> SingleDigitChanges(string digits)
    {
        for (var position = 0; position < digits.Length; position++)
        {
            foreach (var digit in "0123456789")
            {
                if (digit != digits[position])
                {
                    yield return (position, string.Concat(digits[..position], digit.ToString(), digits[(position + 1)..]));
                }
            }
        }
    }
}
