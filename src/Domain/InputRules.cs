namespace Consent.Domain;

/// <summary>
/// api.md's "Input rules", the same for every route and bus command: no control characters
/// (U+0000 to U+001F, U+007F to U+009F) or bidirectional overrides (U+202A to U+202E, U+2066 to U+2069)
/// in any string, bounded lengths, and dates within 1900-01-01 and 2200-01-01.
/// </summary>
public static class InputRules
{
    public const int MaxIdLength = 200;
    public const int MaxReasonLength = 500;
    public const int MaxIdempotencyKeyLength = 255;

    public static readonly DateTimeOffset EarliestDate = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset LatestDate = new(2200, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>"Between 1900-01-01 and 2200-01-01" holds both days whole: the first instant refused is 2200-01-02 (UTC).</summary>
    public static readonly DateTimeOffset AfterLatestDate = LatestDate.AddDays(1);

    public static bool IsInRange(DateTimeOffset t) => t >= EarliestDate && t < AfterLatestDate;

    public static bool IsForbidden(char c) =>
        c <= '\u001F' || c is >= '\u007F' and <= '\u009F' || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069';

    public static bool IsClean(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (IsForbidden(c))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Refuses a string with a forbidden character or longer than allowed, naming the field.</summary>
    public static string? Text(string field, string? value, int maxLength)
    {
        if (value is null)
        {
            return null;
        }
        if (!IsClean(value))
        {
            throw RefusedException.InvalidRequest($"{field} holds a control or bidirectional-override character.");
        }
        return value.Length <= maxLength ? value : throw RefusedException.InvalidRequest($"{field} may be at most {maxLength} characters.");
    }

    /// <summary>An id (correlation, message, idempotency key): 1 to maxLength visible ASCII characters.</summary>
    public static bool IsVisibleAscii(string value, int maxLength)
    {
        if (value.Length is 0 || value.Length > maxLength)
        {
            return false;
        }
        foreach (var c in value)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }
        return true;
    }

    public static DateTimeOffset? Date(string field, DateTimeOffset? value, string code = ErrorCodes.InvalidRequest) =>
        value is { } t && !IsInRange(t)
            ? throw new RefusedException(code, $"{field} must be between 1900-01-01 and 2200-01-01.")
            : value;

    public static DateOnly Date(string field, DateOnly value)
    {
        Date(field, new DateTimeOffset(value.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        return value;
    }
}
