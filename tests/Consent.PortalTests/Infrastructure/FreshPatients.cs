using System.Globalization;
using Consent.Contracts.Identifiers;

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
        return Inss.Parse($"{body:D9}{Inss.CheckDigits(body):D2}").Value;
    }
}
