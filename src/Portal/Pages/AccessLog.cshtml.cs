using Consent.Portal.Api;
using Consent.Portal.Auth;

namespace Consent.Portal.Pages;

/// <summary>"Wie zag mijn gegevens": the access log, newest first, a page at a time, break-the-glass marked.</summary>
public sealed class AccessLogModel(ConsentApiClient api, PatientSession session) : RecordPage(api, session)
{
    public const int PageSize = 20;

    public AccessLogPage Log { get; private set; } = new([], null);

    public bool IsFirstPage { get; private set; }

    /// <summary>Directory entries of the providers on this page, by the number as logged.</summary>
    public IReadOnlyDictionary<string, ProviderDto> Providers { get; private set; } = new Dictionary<string, ProviderDto>();

    public async Task OnGetAsync(long? before, CancellationToken ct)
    {
        IsFirstPage = before is null;
        Log = await Api.GetAccessLogAsync(Record, PageSize, before, ct);
        Providers = await ProviderNames.LookUpAsync(Api, Log.Entries.Select(e => e.Provider), ct);
    }
}
