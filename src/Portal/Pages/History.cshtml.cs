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

    // A renewed or ended relation's event names only the relation: its provider is in the event that added it.
    private Dictionary<string, string> relationProviders = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Events = [.. (await Api.GetHistoryAsync(Record, ct)).Events.OrderByDescending(e => e.Version)];
        relationProviders = Events
            .Select(e => (Relation: RelationOf(e), Provider: NamedProviderOf(e)))
            .Where(r => r.Relation is not null && r.Provider is not null)
            .GroupBy(r => r.Relation!)
            .ToDictionary(g => g.Key, g => g.Last().Provider!);
        Providers = await ProviderNames.LookUpAsync(Api, Events.Select(ProviderOf).OfType<string>(), ct);
    }

    /// <summary>The provider an event is about (relations and exclusions), named by it or by the relation's first event.</summary>
    public string? ProviderOf(HistoryEventDto e) =>
        NamedProviderOf(e) ?? (RelationOf(e) is { } relation ? relationProviders.GetValueOrDefault(relation) : null);

    private static string? RelationOf(HistoryEventDto e) =>
        e.Data.ValueKind == JsonValueKind.Object && e.Data.TryGetProperty("relationId", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;

    private static string? NamedProviderOf(HistoryEventDto e)
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
