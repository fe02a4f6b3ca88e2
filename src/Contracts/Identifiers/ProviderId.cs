using System.Diagnostics.CodeAnalysis;

namespace Consent.Contracts.Identifiers;

/// <summary>A provider's identity: the first eight digits of a NIHDI number (profession, sequence, check).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(ProviderIdJsonConverter))]
public readonly record struct ProviderId
{
    internal ProviderId(string value) => Value = value;

    public string Value { get; }

    public Profession Profession => (Profession)(Value[0] - '0');

    /// <summary>Accepts eight digits, or a full eleven-digit number (its qualification is dropped).</summary>
    public static bool TryParse(string? input, [NotNullWhen(true)] out ProviderId? id)
    {
        id = null;
        if (Nihdi.TryParse(input, out var nihdi))
        {
            id = nihdi.Value.Identity;
            return true;
        }
        var digits = Digits.Normalise(input, 8);
        if (digits is null || !HasValidCheck(digits))
        {
            return false;
        }
        id = new ProviderId(digits);
        return true;
    }

    internal static bool HasValidCheck(string digits)
    {
        if (digits[0] is < '1' or > '8')
        {
            return false;
        }
        var first6 = Digits.Read(digits, 0, 6);
        var check = Digits.Read(digits, 6, 2);
        return check == CheckDigitsMod97(first6) || check == CheckDigitsMod89(first6);
    }

    public static int CheckDigitsMod97(int first6) => 97 - (first6 % 97);

    public static int CheckDigitsMod89(int first6) => 89 - (first6 % 89);

    public override string ToString() => Value;
}
