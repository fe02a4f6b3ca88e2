using System.Collections.Frozen;
using Consent.Contracts.Identifiers;
using Npgsql;

namespace Consent.Service.Caching;

/// <summary>
/// Where each provider works (the circle of trust), held in memory for the decision hot path. The whole
/// map is reloaded when a directory write is announced; until then the last map stays in use, and
/// without one the caller reads the database. Without a live notification connection there is no map
/// either: a directory write made meanwhile would never drop it.
/// </summary>
public sealed class ProviderInstitutions(NpgsqlDataSource dataSource) : INotifiedCache
{
    private volatile FrozenDictionary<string, ProviderId[]>? map;
    private readonly NotificationGate listening = new();
    private int reloading;
    private long version;

    public bool TryGet(ProviderId provider, out IReadOnlyList<ProviderId> institutions)
    {
        var current = listening.IsOpen ? map : null;
        if (current is null)
        {
            institutions = [];
            if (listening.IsOpen && Interlocked.Exchange(ref reloading, 1) == 0)
            {
                _ = Task.Run(() => ReloadAsync(CancellationToken.None));
            }
            return false;
        }
        institutions = current.TryGetValue(provider.Value, out var found) ? found : [];
        return true;
    }

    public void Invalidate()
    {
        Interlocked.Increment(ref version);
        map = null;
    }

    /// <summary>Whether directory notifications are flowing; only then is the map served.</summary>
    public void Listening(bool live) => listening.Switch(live, Invalidate);

    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var versionAtRead = Interlocked.Read(ref version);
        try
        {
            var loaded = new Dictionary<string, List<ProviderId>>();
            await using var command = dataSource.CreateCommand("select provider, institution from provider_institutions");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (ProviderId.TryParse(reader.GetString(1), out var institution))
                {
                    var provider = reader.GetString(0);
                    if (!loaded.TryGetValue(provider, out var list))
                    {
                        loaded[provider] = list = [];
                    }
                    list.Add(institution.Value);
                }
            }
            var fresh = loaded.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray());
            // A directory write announced during the read may be missing from it: keep nothing then.
            if (Interlocked.Read(ref version) == versionAtRead)
            {
                map = fresh;
            }
        }
        finally
        {
            Interlocked.Exchange(ref reloading, 0);
        }
    }
}
