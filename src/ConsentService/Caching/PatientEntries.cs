using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Consent.Service.Caching.Compact;

namespace Consent.Service.Caching;

/// <summary>
/// The patient cache's map: patient number to its entry (an encoded state or a tombstone, see
/// <see cref="CachedEntry"/>), where the newer position wins every race. It counts its entries itself:
/// ConcurrentDictionary.Count takes every one of the dictionary's locks (1,024 once it has grown to a
/// million), and the cache asks at every offer. Every add and every removal that succeeded is counted,
/// so the count is exact once the operations under way have returned.
/// </summary>
internal sealed class PatientEntries
{
    private readonly ConcurrentDictionary<long, byte[]> entries = new();
    private int count;

    public int Count => Volatile.Read(ref count);

    public bool TryGet(long patient, [MaybeNullWhen(false)] out byte[] entry) => entries.TryGetValue(patient, out entry);

    /// <summary>
    /// Stores <paramref name="entry"/> (a tombstone at <paramref name="position"/> when null) unless the
    /// patient's entry is at a later position, or at the same one and <paramref name="overSamePosition"/> is false.
    /// </summary>
    public void Put(long patient, byte[]? entry, long position, bool overSamePosition)
    {
        while (true)
        {
            if (entries.TryGetValue(patient, out var current))
            {
                var held = CachedEntry.PositionOf(current);
                if (held > position || (held == position && !overSamePosition))
                {
                    return;
                }
                // Compared by reference: only the entry just read is replaced, or the loop reads again.
                if (entries.TryUpdate(patient, entry ??= CachedEntry.Tombstone(position), current))
                {
                    return;
                }
            }
            else if (entries.TryAdd(patient, entry ??= CachedEntry.Tombstone(position)))
            {
                Interlocked.Increment(ref count);
                return;
            }
        }
    }

    public void Remove(long patient)
    {
        if (entries.TryRemove(patient, out _))
        {
            Interlocked.Decrement(ref count);
        }
    }

    /// <summary>Removes up to <paramref name="drop"/> entries, whichever the dictionary lists first.</summary>
    public void RemoveSome(int drop)
    {
        foreach (var entry in entries)
        {
            if (drop-- == 0)
            {
                break;
            }
            Remove(entry.Key);
        }
    }

    /// <summary>
    /// Removes every entry there was when it started (the dictionary's enumeration reaches each of them),
    /// one by one so that the count stays exact; the callers move the epoch first, so that no state read
    /// before can come back while it runs.
    /// </summary>
    public void Clear() => RemoveSome(int.MaxValue);
}
