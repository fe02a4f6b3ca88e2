using Consent.Portal.Api;
using Consent.Portal.Auth;

namespace Consent.Portal.Pages;

/// <summary>"Wie zag mijn gegevens": the access log, newest first, a page at a time, break-the-glass marked.</summary>
public sealed class AccessLogModel(ConsentApiClient api, PatientSession session) : RecordPage(api, session)
{
    public const int PageSize = 20;

    public const string AuditorPrefix = "auditor:";

    public AccessLogPage Log { get; private set; } = new([], null);

    public bool IsFirstPage { get; private set; }

    /// <summary>Directory entries of the providers on this page, by the number as logged.</summary>
    public IReadOnlyDictionary<string, ProviderDto> Providers { get; private set; } = new Dictionary<string, ProviderDto>();

    public async Task OnGetAsync(long? before, CancellationToken ct)
    {
        IsFirstPage = before is null;
        Log = await Api.GetAccessLogAsync(Record, PageSize, before, ct);
        // An auditor's read names the auditor, not a provider: nothing to look up in the directory.
        Providers = await ProviderNames.LookUpAsync(Api, Log.Entries.Select(e => e.Provider).Where(p => !IsAuditor(p)), ct);
    }

    /// <summary>An entry the service wrote for an auditor's read of the record ("auditor:" and who).</summary>
    public static bool IsAuditor(string requestedBy) => requestedBy.StartsWith(AuditorPrefix, StringComparison.Ordinal);
}
