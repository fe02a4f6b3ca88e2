using Consent.Portal.Api;

namespace Consent.Portal.Pages;

/// <summary>
/// Names for provider numbers that the access log and the history carry without one. A name makes the
/// page readable; when the directory cannot say, the page still shows the number.
/// </summary>
public static class ProviderNames
{
    public static async Task<IReadOnlyDictionary<string, ProviderDto>> LookUpAsync(ConsentApiClient api, IEnumerable<string> numbers, CancellationToken ct)
    {
        var found = await Task.WhenAll(numbers.Distinct().Select(async n => (Number: n, Provider: await FindAsync(api, n, ct))));
        return found.Where(f => f.Provider is not null).ToDictionary(f => f.Number, f => f.Provider!);
    }

    private static async Task<ProviderDto?> FindAsync(ConsentApiClient api, string nihdi, CancellationToken ct)
    {
        try
        {
            return await api.FindProviderAsync(nihdi, ct);
        }
        catch (ApiException)
        {
            return null;
        }
    }
}
