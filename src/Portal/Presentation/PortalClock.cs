using System.Globalization;

namespace Consent.Portal.Presentation;

/// <summary>Shows the service's UTC instants in Belgian time, in the page's language.</summary>
public sealed class PortalClock
{
    private readonly TimeZoneInfo zone;

    public PortalClock(string zoneId)
    {
        // A container without time-zone data still shows times, in UTC, rather than failing.
        zone = TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var found) ? found : TimeZoneInfo.Utc;
    }

    public DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone);

    /// <summary>"24 november 2026", "24 novembre 2026", "24 November 2026".</summary>
    public string Date(DateTimeOffset instant) => Local(instant).ToString("d MMMM yyyy", CultureInfo.CurrentCulture);

    /// <summary>The date and the time of day (24-hour, as in Belgium; also in English).</summary>
    public string DateTime(DateTimeOffset instant) => Local(instant).ToString("d MMMM yyyy HH:mm", CultureInfo.CurrentCulture);

    /// <summary>The machine-readable instant for a time element.</summary>
    public static string Iso(DateTimeOffset instant) => instant.ToString("O", CultureInfo.InvariantCulture);
}
