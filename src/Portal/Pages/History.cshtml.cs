using System.Text.Json;
using Consent.Portal.Api;
using Consent.Portal.Auth;

namespace Consent.Portal.Pages;

/// <summary>"Geschiedenis": every change to the record, newest first, who made it and through which channel.</summary>
public sealed class HistoryModel(ConsentApiClient api, PatientSession session) : RecordPage(api, session)
{
    public IReadOnlyList<HistoryEventDto> Events { get; private set; } = [];

    /// <summary>Directory entries of the providers the events name, by number.</summary>
    public IReadOnlyDictionary<string, ProviderDto> Providers { get; private set; } = new Dictionary<string, ProviderDto>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Events = [.. (await Api.GetHistoryAsync(Record, ct)).Events.OrderByDescending(e => e.Version)];
        Providers = await ProviderNames.LookUpAsync(Api, Events.Select(ProviderOf).OfType<string>(), ct);
    }

    /// <summary>The provider an event is about, when its data names one (relations and exclusions).</summary>
    public static string? ProviderOf(HistoryEventDto e)
    {
        if (e.Data.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        foreach (var name in (string[])["provider", "nihdi"])
        {
            if (e.Data.TryGetProperty(name, out var value))
            {
                return value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.Object when value.TryGetProperty("nihdi", out var n) && n.ValueKind == JsonValueKind.String => n.GetString(),
                    JsonValueKind.Object when value.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String => v.GetString(),
                    _ => null,
                };
            }
        }
        return null;
    }
}
