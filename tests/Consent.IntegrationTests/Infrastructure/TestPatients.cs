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
        var day = ((n / 998) % 28) + 1;
        var month = ((n / (998 * 28)) % 12) + 1;
        var year = 1920 + ((n / (998 * 28 * 12)) % 10);
        return Issue(new DateOnly(year, month, day), (n % 998) + 1);
    }

    /// <summary>A new patient born on that day, for the rules that depend on age (the others are born in the 1920s).</summary>
    public static Inss BornOn(DateOnly day) => Issue(day, (Interlocked.Increment(ref next) % 998) + 1);

    // The check digits of a birth from 2000 on are taken over 2 000 000 000 + the first nine digits (domain.md).
    private static Inss Issue(DateOnly born, int serial)
    {
        var body = long.Parse($"{born.Year % 100:D2}{born.Month:D2}{born.Day:D2}{serial:D3}", System.Globalization.CultureInfo.InvariantCulture);
        var inss = Inss.Parse($"{body:D9}{Inss.CheckDigits(born.Year >= 2000 ? 2_000_000_000L + body : body):D2}");
        InssCanary.Issue(inss.Value);
        return inss;
    }
}
