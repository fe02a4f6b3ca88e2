using Consent.Service.Hosting;

namespace Consent.Bench;

/// <summary>Prints a long-lived token signed with the development key, for wrk's Authorization header.</summary>
internal static class BenchToken
{
    public static int Print(string role, string? institution)
    {
        Console.WriteLine(DevTokens.Issue(new AuthSettings(), new DevTokens.TokenRequest(role, Institution: institution), DateTime.UtcNow.AddHours(2)));
        return 0;
    }
}
