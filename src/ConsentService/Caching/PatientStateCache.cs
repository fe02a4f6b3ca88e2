using System.Collections.Concurrent;
using Consent.Service.Patients;

namespace Consent.Service.Caching;

/// <summary>
/// Current patient states kept in memory for the decision hot path, so that a decision needs no
/// database round trip. It must never serve a state older than what was acknowledged on this replica,
/// nor keep one older than a commit it was told about:
/// - this replica's own appends write through (PatientCommandHandler);
/// - every commit's notification (any replica) leaves a tombstone carrying its position;
/// - a state read from the database is kept only if no newer commit was announced meanwhile and the
///   cache was not reset since the read began (the epoch);
/// - without a live notification connection the cache answers nothing (callers read the database).
/// </summary>
public sealed class PatientStateCache(int capacity = 150_000)
{
    private readonly ConcurrentDictionary<string, Entry> entries = new();
    private readonly Lock makingRoom = new();
    private long epoch;
    private volatile bool listening;

    private sealed record Entry(PatientSnapshot? Snapshot, long Position);

    /// <summary>Whether invalidations are flowing; only then may cached states be served.</summary>
    public bool IsLive => listening;

    public long Epoch => Interlocked.Read(ref epoch);

    public bool TryGet(string streamId, out PatientSnapshot snapshot)
    {
        if (listening && entries.TryGetValue(streamId, out var entry) && entry.Snapshot is not null)
        {
            snapshot = entry.Snapshot;
            return true;
        }
        snapshot = PatientSnapshot.Initial;
        return false;
    }

    /// <summary>Keeps a state read from the database, unless it may already be stale.</summary>
    public void Offer(string streamId, PatientSnapshot state, long epochAtRead)
    {
        if (!listening || epochAtRead != Epoch)
        {
            return;
        }
        if (entries.Count >= capacity)
        {
            MakeRoom();
            return;
        }
        var offered = new Entry(state, state.Position);
        entries.AddOrUpdate(streamId, offered, (_, current) => current.Position > state.Position ? current : offered);
        // A reset between the epoch check and the write would let a stale state in: undo it.
        if (epochAtRead != Epoch)
        {
            entries.TryRemove(streamId, out _);
        }
    }

    /// <summary>This replica's own commit: the state it just appended is the newest.</summary>
    public void Committed(string streamId, PatientSnapshot state) =>
        entries.AddOrUpdate(streamId, new Entry(state, state.Position),
            (_, current) => current.Position > state.Position ? current : new Entry(state, state.Position));

    /// <summary>A commit at <paramref name="position"/> was announced: anything older must go.</summary>
    public void Announced(string streamId, long position) =>
        entries.AddOrUpdate(streamId, new Entry(null, position),
            (_, current) => current.Position >= position ? current : new Entry(null, position));

    public void Listening(bool live)
    {
        Reset();
        listening = live;
    }

    // Full: a tenth of the entries go (whichever the dictionary lists first), the rest stay. Emptying it
    // all, as before, turned a population larger than the cache into a stream of misses every time it
    // filled. Dropping entries moves the epoch like a reset does, so that no state read before the drop
    // can come back through an offer in flight (a dropped entry may have been newer than that state).
    private void MakeRoom()
    {
        lock (makingRoom)
        {
            if (entries.Count < capacity)
            {
                return;
            }
            Interlocked.Increment(ref epoch);
            var drop = Math.Max(1, capacity / 10);
            foreach (var entry in entries)
            {
                if (drop-- == 0)
                {
                    break;
                }
                entries.TryRemove(entry.Key, out _);
            }
        }
    }

    private void Reset()
    {
        Interlocked.Increment(ref epoch);
        entries.Clear();
    }
}
