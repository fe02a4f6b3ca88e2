using System.Collections.Concurrent;

namespace Consent.Service.Caching.Compact;

/// <summary>
/// Values many patients share (a provider's number, a hospital, a provider as actor), each kept once and
/// named by its index in cached states. Append-only: an index, once written into some patient's bytes,
/// must name the same value for as long as the cache lives, so nothing is ever removed. Bounded: when
/// <paramref name="capacity"/> values are held, new ones are refused and the caller writes them out in
/// full, so that values which are not shared after all cannot grow it without end.
/// </summary>
internal sealed class InternTable<T>(int capacity) where T : notnull
{
    private readonly ConcurrentDictionary<T, int> indexes = new();
    private readonly Lock adding = new();
    private T[] values = new T[Math.Min(16, capacity)];
    private int count;

    public int Count => Volatile.Read(ref count);

    public bool TryIndexOf(T value, out int index)
    {
        if (indexes.TryGetValue(value, out index))
        {
            return true;
        }
        lock (adding)
        {
            if (indexes.TryGetValue(value, out index))
            {
                return true;
            }
            if (count == capacity)
            {
                return false;
            }
            if (count == values.Length)
            {
                var grown = new T[Math.Min(capacity, count * 2)];
                Array.Copy(values, grown, count);
                Volatile.Write(ref values, grown);
            }
            // The value is in place before its index can be handed out: whoever reads the index in a
            // patient's bytes (published after this returns) finds it.
            values[count] = value;
            index = count;
            indexes[value] = index;
            Volatile.Write(ref count, count + 1);
            return true;
        }
    }

    public T this[int index] => Volatile.Read(ref values)[index];
}
