using System.Text;
using Consent.Contracts.Identifiers;
using Consent.IntegrationTests.Infrastructure;
using Consent.Service.Providers;

namespace Consent.IntegrationTests.Providers;

/// <summary>Physicians of a test's own, unknown to every other test, so moving them between hospitals disturbs nobody.</summary>
public static class StaffMembers
{
    // Above the physicians SyntheticProviders numbers from 100000 upward (about 40,000 of them in
    // LargeDirectoryTests' 100,000): an import of that directory running beside a test would otherwise
    // rewrite its staff member's institutions in the middle of it. 170001 is DirectoryHistoryTests'.
    private static int next = 170_002 + Random.Shared.Next(0, 20_000);

    public static Provider Next(string lastName)
    {
        while (true)
        {
            var first6 = Interlocked.Increment(ref next);
            if (Nihdi.TryParse($"{first6:D6}{ProviderId.CheckDigitsMod97(first6):D2}003", out var nihdi)
                && !DemoProviders.All().Any(p => p.Nihdi.Identity == nihdi.Value.Identity))
            {
                return new Provider(nihdi.Value, "Staff", $"{lastName}{first6}", Profession.Physician, "003", "Gent", []);
            }
        }
    }

    /// <summary>Imports <paramref name="provider"/> as the admin: its institutions are replaced by the ones it states.</summary>
    public static Task<HttpResponseMessage> ImportAsync(this SharedService service, Provider provider)
    {
        var content = new StringContent(ProviderCsvWriter.ToCsv([provider]), Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("text/csv");
        return service.ClientFor("admin").PostAsync("/v1/providers/import", content);
    }
}
