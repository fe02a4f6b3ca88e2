using Consent.Service.Caching.Compact;
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
/// A patient is kept as one byte array keyed by the number in its stream id (PatientStateCodec), decoded
/// again for each read: `Consent.Bench cache-footprint 1000000` measured 162 bytes a patient of the bench
/// population with the dictionary's share (218 in working set), against 1,294 for the object graph it
/// kept before; decoding one takes about 0.2 us (a read of any of a million, memory stalls included,
/// 0.7 us). A stream id that is not "patient-" and 11 digits is never cached: its reads go to the
/// database, which is always allowed.
/// Default capacity: 1,100,000 entries are about 180 MB (some 240 MB of working set) when full, so a
/// million-patient population is held whole in the chart's 512Mi beside the 150-200 MB the rest of the
/// service takes, with a tenth to spare for new patients and tombstones before a full cache drops a
/// tenth of its entries. Patients with longer histories than the bench's take more: size it down, or
/// the pod up, for them.
/// </summary>
public sealed class PatientStateCache(int capacity = PatientStateCache.DefaultCapacity) : INotifiedCache
{
    public const int DefaultCapacity = 1_100_000;

    private readonly PatientEntries entries = new();
    private readonly PatientStateCodec codec = new();
    private readonly Lock makingRoom = new();
    private long epoch;
    private readonly NotificationGate listening = new();

    /// <summary>Whether invalidations are flowing; only then may cached states be served.</summary>
    public bool IsLive => listening.IsOpen;

    public long Epoch => Interlocked.Read(ref epoch);

    /// <summary>How many patients and tombstones it holds at most.</summary>
    public int Capacity => capacity;

    /// <summary>Patients and tombstones held (what the capacity bounds).</summary>
    public int Count => entries.Count;

    public bool TryGet(string streamId, out PatientSnapshot snapshot)
    {
        if (listening.IsOpen && PatientStreams.TryNumberOf(streamId, out var patient)
            && entries.TryGet(patient, out var entry) && CachedEntry.HoldsState(entry))
        {
            snapshot = codec.Decode(patient, entry);
            return true;
        }
        snapshot = PatientSnapshot.Initial;
        return false;
    }

    /// <summary>Keeps a state read from the database, unless it may already be stale.</summary>
    public void Offer(string streamId, PatientSnapshot state, long epochAtRead)
    {
        if (!listening.IsOpen || epochAtRead != Epoch || !PatientStreams.TryNumberOf(streamId, out var patient))
        {
            return;
        }
        if (entries.Count >= capacity)
        {
            MakeRoom();
            return;
        }
        // A state that cannot be kept (none the store holds) still supersedes older ones: a tombstone at its position.
        entries.Put(patient, codec.Encode(patient, state), state.Position, overSamePosition: true);
        // A reset between the epoch check and the write would let a stale state in: undo it.
        if (epochAtRead != Epoch)
        {
            entries.Remove(patient);
        }
    }

    /// <summary>This replica's own commit: the state it just appended is the newest (a tombstone if it cannot be kept).</summary>
    public void Committed(string streamId, PatientSnapshot state)
    {
        if (PatientStreams.TryNumberOf(streamId, out var patient))
        {
            entries.Put(patient, codec.Encode(patient, state), state.Position, overSamePosition: true);
        }
    }

    /// <summary>A commit at <paramref name="position"/> was announced: anything older must go.</summary>
    public void Announced(string streamId, long position)
    {
        if (PatientStreams.TryNumberOf(streamId, out var patient))
        {
            entries.Put(patient, null, position, overSamePosition: false);
        }
    }

    /// <summary>
    /// A view was repaired: whatever is held may be the edited state, at its position or (edited too) a later one. It
    /// goes, and so does any read still in flight, which may have read the edited view (the epoch moves on).
    /// </summary>
    public void Repaired(string streamId)
    {
        if (PatientStreams.TryNumberOf(streamId, out var patient))
        {
            Interlocked.Increment(ref epoch);
            entries.Remove(patient);
        }
    }

    public void Listening(bool live) => listening.Switch(live, Reset);

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
            entries.RemoveSome(Math.Max(1, capacity / 10));
        }
    }

    private void Reset()
    {
        Interlocked.Increment(ref epoch);
        entries.Clear();
    }
}
