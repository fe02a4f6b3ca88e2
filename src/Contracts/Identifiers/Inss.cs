using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Consent.Contracts.Identifiers;

/// <summary>
/// A Belgian national register (INSZ/NISS) or BIS number: YYMMDD SSS CC, where
/// CC = 97 - (N mod 97) and N is the first nine digits, or 2 000 000 000 + them for births from 2000.
/// </summary>
[JsonConverter(typeof(InssJsonConverter))]
public readonly record struct Inss
{
    private Inss(string value, int birthCentury) => (Value, BirthCentury) = (value, birthCentury);

    /// <summary>The 11 digits, without separators.</summary>
    public string Value { get; }

    /// <summary>1900 or 2000: which form of the check digits matched.</summary>
    public int BirthCentury { get; }

    /// <summary>A BIS number: the month carries +20 (sex unknown) or +40 (sex known).</summary>
    public bool IsBis => Month >= 20;

    private int Month => Digits.Read(Value, 2, 2);

    /// <summary>The birth date when the number states it fully (month or day may be 00, unknown).</summary>
    public DateOnly? BirthDate
    {
        get
        {
            var month = Month % 20;
            var day = Digits.Read(Value, 4, 2);
            var year = BirthCentury + Digits.Read(Value, 0, 2);
            return month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
                ? new DateOnly(year, month, day)
                : null;
        }
    }

    public static bool TryParse(string? input, [NotNullWhen(true)] out Inss? inss)
    {
        inss = null;
        var digits = Digits.Normalise(input, 11);
        if (digits is null)
        {
            return false;
        }
        var month = Digits.Read(digits, 2, 2);
        var day = Digits.Read(digits, 4, 2);
        if (month % 20 > 12 || month >= 60 || day > 31)
        {
            return false;
        }
        var body = Digits.Read(digits, 0, 9);
        var check = Digits.Read(digits, 9, 2);
        if (check == CheckDigits(body))
        {
            inss = new Inss(digits, 1900);
            return true;
        }
        if (check == CheckDigits(2_000_000_000L + body))
        {
            inss = new Inss(digits, 2000);
            return true;
        }
        return false;
    }

    public static Inss Parse(string input) =>
        TryParse(input, out var inss) ? inss.Value : throw new FormatException("Not a valid INSS or BIS number.");

    public static int CheckDigits(long body) => 97 - (int)(body % 97);

    public override string ToString() => Value;
}
