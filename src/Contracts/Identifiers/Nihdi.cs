using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Consent.Contracts.Identifiers;

/// <summary>
/// A RIZIV/INAMI (NIHDI) number: P SSSSS CC QQQ. The check digits cover the first six digits, either
/// 97 - (n mod 97) (older numbers) or 89 - (n mod 89) (newer ones). The first eight digits are the
/// provider's identity; the qualification code changes during a career.
/// </summary>
[JsonConverter(typeof(NihdiJsonConverter))]
public readonly record struct Nihdi
{
    private Nihdi(string value) => Value = value;

    /// <summary>The 11 digits, without separators.</summary>
    public string Value { get; }

    /// <summary>The first eight digits: who the provider is, whatever their qualification.</summary>
    public ProviderId Identity => new(Value[..8]);

    public Profession Profession => (Profession)(Value[0] - '0');

    public string Qualification => Value[8..];

    public static bool TryParse(string? input, [NotNullWhen(true)] out Nihdi? nihdi)
    {
        nihdi = null;
        var digits = Digits.Normalise(input, 11);
        if (digits is null || !ProviderId.HasValidCheck(digits))
        {
            return false;
        }
        nihdi = new Nihdi(digits);
        return true;
    }

    public static Nihdi Parse(string input) =>
        TryParse(input, out var nihdi) ? nihdi.Value : throw new FormatException("Not a valid NIHDI number.");

    /// <summary>Formats as 1-23456-25-004, the way providers write it.</summary>
    public string Formatted => $"{Value[0]}-{Value[1..6]}-{Value[6..8]}-{Value[8..]}";

    public override string ToString() => Value;
}
