using System.Globalization;

namespace Consent.Service.Hosting;

/// <summary>
/// An instant in a query string, as api.md writes times: ISO 8601 (2026-03-01T09:00:00Z, with an offset or
/// fractions of a second; a date alone is its midnight), read in UTC when it states no offset. Nothing else:
/// "01/03/2026" reads as 3 January in one culture and 1 March in another, so it is refused rather than guessed.
/// </summary>
public static class IsoInstant
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd",
    ];

    public static bool TryParse(string? text, out DateTimeOffset instant)
    {
        instant = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        // An offset's + sent unencoded in a query string arrives as a space.
        var iso = text.Contains('T', StringComparison.Ordinal) ? text.Replace(' ', '+') : text;
        return DateTimeOffset.TryParseExact(iso, Formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant);
    }
}
