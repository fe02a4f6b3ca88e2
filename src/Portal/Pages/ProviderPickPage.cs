using Consent.Portal.Api;
using Consent.Portal.Auth;

namespace Consent.Portal.Pages;

/// <summary>
/// The first steps of "toevoegen" on the relations and exclusions pages: search the directory by RIZIV
/// number or name (GET, so the results can be bookmarked and need no script), then pick one provider.
/// </summary>
public abstract class ProviderPickPage(ConsentApiClient api, PatientSession session) : RecordPage(api, session)
{
    public const int MaxResults = 20;

    public string? Query { get; private set; }

    public IReadOnlyList<ProviderDto>? Results { get; private set; }

    public ProviderDto? Chosen { get; private set; }

    /// <summary>This page's own address, for the search form and the pick links.</summary>
    public abstract string PagePath { get; }

    protected async Task LoadAsync(string? q, string? nihdi, CancellationToken ct)
    {
        Query = q?.Trim();
        // A number or a search the service refuses as malformed (400: a number that is not one, a pasted control
        // character) finds nobody: the search form says so, rather than the page for refused reads.
        if (!string.IsNullOrWhiteSpace(nihdi))
        {
            Chosen = await NobodyIfMalformed(() => Api.FindProviderAsync(nihdi, ct));
            // The save form sends the record's version as it is now (If-Match).
            ETag = (await Api.GetPatientAsync(Record, ct)).ETag;
        }
        if (Chosen is null && Query is { Length: > 0 and <= 100 })
        {
            Results = await NobodyIfMalformed(() => Api.SearchProvidersAsync(Query, MaxResults, ct)) ?? [];
        }
    }

    private static async Task<T?> NobodyIfMalformed<T>(Func<Task<T>> find)
    {
        try
        {
            return await find();
        }
        catch (ApiProblemException e) when (e.Status == 400)
        {
            return default;
        }
    }

    public string PickUrl(ProviderDto p) => $"{PagePath}?nihdi={Uri.EscapeDataString(p.Nihdi)}&q={Uri.EscapeDataString(Query ?? "")}";
}
