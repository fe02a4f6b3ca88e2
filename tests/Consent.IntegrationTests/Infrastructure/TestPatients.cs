using Consent.Contracts.Identifiers;

namespace Consent.IntegrationTests.Infrastructure;

/// <summary>
/// Valid, distinct INSS numbers, so that tests sharing one database never share a patient. Born in
/// 1920-1929, away from the demo patients.
/// </summary>
public static class TestPatients
{
    private static int next = Random.Shared.Next(0, 1_000_000);

    public static Inss Next()
    {
        var n = Interlocked.Increment(ref next);
        var serial = (n % 998) + 1;
        var day = ((n / 998) % 28) + 1;
        var month = ((n / (998 * 28)) % 12) + 1;
        var year = 20 + ((n / (998 * 28 * 12)) % 10);
        var body = long.Parse($"{year:D2}{month:D2}{day:D2}{serial:D3}", System.Globalization.CultureInfo.InvariantCulture);
        var inss = Inss.Parse($"{body:D9}{Inss.CheckDigits(body):D2}");
        InssCanary.Issue(inss.Value);
        return inss;
    }

    /// <summary>A new patient born on that day, for the rules that depend on age (the others are born in the 1920s).</summary>
    public static Inss BornOn(DateOnly day)
    {
        var serial = (Interlocked.Increment(ref next) % 998) + 1;
        var body = long.Parse($"{day.Year % 100:D2}{day.Month:D2}{day.Day:D2}{serial:D3}", System.Globalization.CultureInfo.InvariantCulture);
        var inss = Inss.Parse($"{body:D9}{Inss.CheckDigits(day.Year >= 2000 ? 2_000_000_000L + body : body):D2}");
        InssCanary.Issue(inss.Value);
        return inss;
    }
}
