using Consent.Contracts.Identifiers;

namespace Consent.Service.Providers;

/// <summary>
/// Says why a text is not a NIHDI number, so that whoever fixes an import file knows what to fix:
/// Nihdi.TryParse only answers yes or no.
/// </summary>
public static class NihdiDiagnosis
{
    /// <summary>The digits of a number as people write it (dots, dashes, slashes and spaces allowed), or null.</summary>
    public static string? Digits(string text) =>
        text.All(c => char.IsAsciiDigit(c) || c is '.' or '-' or '/' or ' ')
            ? new string([.. text.Where(char.IsAsciiDigit)])
            : null;

    /// <summary>Why <paramref name="text"/> is not an 11-digit NIHDI number; null when it is one.</summary>
    public static string? Explain(string text)
    {
        if (Nihdi.TryParse(text, out _))
        {
            return null;
        }
        var prefix = $"'{text}' is not a valid NIHDI number: ";
        if (text.Length == 0)
        {
            return "The NIHDI number is empty.";
        }
        if (Digits(text) is not { } digits)
        {
            return prefix + "only digits and the separators . - / and space are allowed.";
        }
        if (digits.Length != 11)
        {
            return prefix + $"it has {digits.Length} digits, 11 are expected.";
        }
        if (digits[0] is < '1' or > '8')
        {
            return prefix + $"unknown profession digit {digits[0]} (1 to 8).";
        }
        var first6 = int.Parse(digits[..6], System.Globalization.CultureInfo.InvariantCulture);
        return prefix + $"check digits {digits[6..8]} match neither {ProviderId.CheckDigitsMod97(first6):D2} (mod 97) nor {ProviderId.CheckDigitsMod89(first6):D2} (mod 89).";
    }
}
