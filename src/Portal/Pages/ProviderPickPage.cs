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
        if (!string.IsNullOrWhiteSpace(nihdi))
        {
            Chosen = await Api.FindProviderAsync(nihdi, ct);
            // The save form sends the record's version as it is now (If-Match).
            ETag = (await Api.GetPatientAsync(Record, ct)).ETag;
        }
        if (Chosen is null && Query is { Length: > 0 and <= 100 })
        {
            Results = await Api.SearchProvidersAsync(Query, MaxResults, ct);
        }
    }

    public string PickUrl(ProviderDto p) => $"{PagePath}?nihdi={Uri.EscapeDataString(p.Nihdi)}&q={Uri.EscapeDataString(Query ?? "")}";
}
