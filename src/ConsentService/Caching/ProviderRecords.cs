using System.Collections.Concurrent;
using Consent.Contracts.Identifiers;
using Consent.Service.Providers;

namespace Consent.Service.Caching;

/// <summary>
/// Directory records already read, for the write path: every relation a hospital system adds names a
/// provider, and reading that provider from the database beside each append made the durable commands
/// 10-20% slower (a backend woken per add, on the cores the appends need). The rules are the
/// institutions map's: every directory write drops them all (this replica's import before it is answered,
/// any other's through its notification), a record read before a drop is not kept, and without a live
/// notification connection nothing is served. Providers the directory does not list are not kept: they are
/// read again each time, as before.
/// </summary>
public sealed class ProviderRecords(int capacity = ProviderRecords.DefaultCapacity) : INotifiedCache
{
    /// <summary>About 400 bytes a record with its entry: some 20 MB when full. Once full, further records are read each time.</summary>
    public const int DefaultCapacity = 50_000;

    private readonly Lock writing = new();
    private ConcurrentDictionary<ProviderId, Provider> records = new();
    private long epoch;
    private readonly NotificationGate listening = new();

    /// <summary>Moves at every drop: a read that began before it must not be kept.</summary>
    public long Epoch => Interlocked.Read(ref epoch);

    public int Count => records.Count;

    public bool TryGet(ProviderId id, out Provider provider)
    {
        if (listening.IsOpen && records.TryGetValue(id, out var found))
        {
            provider = found;
            return true;
        }
        provider = null!;
        return false;
    }

    /// <summary>Keeps a record read from the database, unless the directory changed since the read began.</summary>
    public void Offer(Provider provider, long epochAtRead)
    {
        // Under the lock that drops them, so that no record read before a drop is visible after it.
        lock (writing)
        {
            if (listening.IsOpen && epochAtRead == epoch && records.Count < capacity)
            {
                records[provider.Nihdi.Identity] = provider;
            }
        }
    }

    /// <summary>A directory write committed: every record may be stale.</summary>
    public void Invalidate()
    {
        lock (writing)
        {
            Interlocked.Increment(ref epoch);
            records = new ConcurrentDictionary<ProviderId, Provider>();
        }
    }

    /// <summary>Whether directory notifications are flowing; only then are records served and kept.</summary>
    public void Listening(bool live) => listening.Switch(live, Invalidate);
}
