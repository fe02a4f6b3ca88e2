using System.Globalization;

namespace Consent.Service.Auditing;

/// <summary>
/// PostgreSQL keeps timestamps to the microsecond and .NET to 100 ns. A value that is hashed, or
/// folded into a read model, before it is stored must already be what the store will give back.
/// </summary>
public static class StorePrecision
{
    public static DateTimeOffset Truncate(DateTimeOffset t) =>
        new(t.UtcTicks - (t.UtcTicks % 10), TimeSpan.Zero);

    /// <summary>The one text form of an instant in hashed bytes and exports: UTC, six decimals.</summary>
    public static string Format(DateTimeOffset t) =>
        Truncate(t).UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'", CultureInfo.InvariantCulture);
}
