using Consent.Service.Hosting;

namespace Consent.Bench;

/// <summary>
/// Prints a long-lived token for wrk's Authorization header, signed with the key the benchmarked service
/// is given (BENCH_SIGNING_KEY): the service runs as in production, where the development key is refused.
/// </summary>
internal static class BenchToken
{
    public static int Print(string role, string? institution)
    {
        var settings = new AuthSettings { SigningKey = Environment.GetEnvironmentVariable("BENCH_SIGNING_KEY") };
        Console.WriteLine(DevTokens.Issue(settings, new DevTokens.TokenRequest(role, Institution: institution), DateTime.UtcNow.AddHours(2)));
        return 0;
    }
}
