namespace Consent.Contracts.Identifiers;

/// <summary>
/// Normalises identifiers typed by people: digits with optional dots, dashes and spaces (domain.md), and nothing else.
/// The input may be up to three times the digits' length, so that a number spaced out around its separators still reads.
/// </summary>
internal static class Digits
{
    public static string? Normalise(string? input, int length)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > 3 * length)
        {
            return null;
        }
        Span<char> digits = stackalloc char[length];
        var count = 0;
        foreach (var c in input)
        {
            if (c is >= '0' and <= '9')
            {
                if (count == length)
                {
                    return null;
                }
                digits[count++] = c;
            }
            else if (c is not ('.' or '-' or ' '))
            {
                return null;
            }
        }
        return count == length ? new string(digits) : null;
    }

    public static int Read(string digits, int start, int length)
    {
        var value = 0;
        for (var i = start; i < start + length; i++)
        {
            value = (value * 10) + (digits[i] - '0');
        }
        return value;
    }
}
