using System.Globalization;

namespace Consent.PortalTests.Infrastructure;

/// <summary>
/// Valid, distinct INSS numbers for tests that write, so no test depends on another's order. Born in
/// 1930-1939: away from the demo patients and from the integration tests (1920-1929), which share the
/// test database.
/// </summary>
public static class FreshPatients
{
    private static int next = Random.Shared.Next(0, 1_000_000);

    public static string Next()
    {
        var n = Interlocked.Increment(ref next);
        var serial = (n % 998) + 1;
        var day = ((n / 998) % 28) + 1;
        var month = ((n / (998 * 28)) % 12) + 1;
        var year = 30 + ((n / (998 * 28 * 12)) % 10);
        var body = long.Parse($"{year:D2}{month:D2}{day:D2}{serial:D3}", CultureInfo.InvariantCulture);
        // domain.md: CC = 97 - (first 9 digits mod 97) for births before 2000. Computed here, so the
        // tests do not depend on where the service keeps its identifier types.
        return $"{body:D9}{97 - (body % 97):D2}";
    }
}
