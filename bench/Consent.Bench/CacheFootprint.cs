using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Consent.Service.Auditing;
using Consent.Service.Caching;
using Consent.Service.EventStore;
using Consent.Service.Patients;

namespace Consent.Bench;

/// <summary>
/// What one cached patient costs: N patients of the bench population, each decided and folded as the
/// seeders do, its state written as the inline view's JSON and read back by the service's own reader
/// (PatientViews.StateOf, what the cache warmer and every miss use), offered to a PatientStateCache.
/// Prints the managed heap and the working set the cache added per patient, what a TryGet costs (the
/// decision hot path's read) and what a write-through costs. A sample is first checked to come back exactly.
/// </summary>
internal static class CacheFootprint
{
    // The bulk seeder's chunk: its patients share one recording instant, as they do in the bench database.
    private const int Chunk = 5_000;
    private const int Checked = 2_000;
    private const int Reads = 2_000_000;
    private const int Writes = 500_000;

    public static int Run(int patients)
    {
        var population = new BenchPopulation();
        if (!SampleComesBackExactly(population))
        {
            return 1;
        }

        var cache = new PatientStateCache(capacity: patients + 1);
        cache.Listening(true);
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var workingSetBefore = Environment.WorkingSet;
        var clock = Stopwatch.StartNew();
        foreach (var (streamId, snapshot) in Snapshots(population, 0, patients))
        {
            cache.Offer(streamId, snapshot, cache.Epoch);
        }
        var built = clock.Elapsed;
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        var workingSetAfter = Environment.WorkingSet;

        var sampled = Math.Min(patients, 100_000);
        var (kept, readNs) = TimeReads(cache, patients, sampled);
        var (_, hotReadNs) = TimeReads(cache, patients, Math.Min(patients, Checked));
        GC.KeepAlive(cache);
        var writeNs = TimeWrites(population);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            cache-footprint: {patients:N0} patients offered in {built.TotalSeconds:F1} s ({cache.Count:N0} entries), {kept:N0} of {sampled:N0} sampled found again, {Checked:N0} read back exactly
              managed heap   {heapBefore / 1e6:F1} MB -> {heapAfter / 1e6:F1} MB: {(double)(heapAfter - heapBefore) / patients:F0} bytes per patient
              working set    {workingSetBefore / 1e6:F1} MB -> {workingSetAfter / 1e6:F1} MB: {(double)(workingSetAfter - workingSetBefore) / patients:F0} bytes per patient
              TryGet         {readNs:F0} ns per read ({Reads:N0} reads of {sampled:N0} random patients, whatever a read has to rebuild included)
                             {hotReadNs:F0} ns per read of {Checked:N0} random patients (in the CPU's caches: what rebuilding costs)
              Committed      {writeNs:F0} ns per write ({Writes:N0} write-throughs over {Checked:N0} patients, whatever a write has to encode included)
            """));
        return 0;
    }

    /// <summary>Patients [first, first + count) as the service would read their inline views.</summary>
    private static IEnumerable<(string StreamId, PatientSnapshot Snapshot)> Snapshots(BenchPopulation population, int first, int count)
    {
        var now = StorePrecision.Truncate(DateTimeOffset.UtcNow);
        long position = 0;
        for (var i = first; i < first + count; i++)
        {
            if ((i - first) % Chunk == 0)
            {
                now = StorePrecision.Truncate(DateTimeOffset.UtcNow);
            }
            var (patient, commands, _) = population.Patient(i, now);
            var (events, state) = BenchPopulation.Decide(patient, commands, now);
            position += events.Count;
            var view = StoreJson.ToElement(state).GetRawText();
            yield return (PatientStreams.IdOf(patient), new PatientSnapshot(PatientViews.StateOf(view), events.Count, position, now));
        }
    }

    /// <summary>Every field of a sample read back from the cache as offered (offsets and ticks included), in a cache of its own.</summary>
    private static bool SampleComesBackExactly(BenchPopulation population)
    {
        var cache = new PatientStateCache(capacity: Checked + 1);
        cache.Listening(true);
        var differ = 0;
        foreach (var (streamId, offered) in Snapshots(population, 0, Checked))
        {
            cache.Offer(streamId, offered, cache.Epoch);
            if (!cache.TryGet(streamId, out var read) || Describe(read) != Describe(offered))
            {
                differ++;
            }
        }
        if (differ > 0)
        {
            Console.Error.WriteLine($"cache-footprint: {differ} of {Checked} patients read back differently from the cache");
        }
        return differ == 0;
    }

    // The store's JSON writes every instant with its offset and full precision, and every list in order.
    private static string Describe(PatientSnapshot s) =>
        $"{s.Version} {s.Position} {s.LastRecordedAt:O} {JsonSerializer.Serialize(s.State, StoreJson.Options)}";

    /// <summary>The write-through of this replica's own commits, on a small cache: what storing a state costs, without filling the heap.</summary>
    private static double TimeWrites(BenchPopulation population)
    {
        var cache = new PatientStateCache(capacity: Checked + 1);
        cache.Listening(true);
        var states = Snapshots(population, 0, Checked).ToArray();
        foreach (var (streamId, snapshot) in states)
        {
            cache.Committed(streamId, snapshot);
        }
        var clock = Stopwatch.StartNew();
        for (var n = 0; n < Writes; n++)
        {
            var (streamId, snapshot) = states[n % states.Length];
            cache.Committed(streamId, snapshot);
        }
        return clock.Elapsed.TotalNanoseconds / Writes;
    }

    private static (int Kept, double NanosecondsPerRead) TimeReads(PatientStateCache cache, int patients, int sampled)
    {
        var random = new Random(15);
        var sample = Enumerable.Range(0, sampled)
            .Select(_ => PatientStreams.IdOf(BenchPopulation.PatientNumber(random.Next(patients)))).ToArray();
        var kept = sample.Count(id => cache.TryGet(id, out _));
        var relations = 0L;
        var clock = Stopwatch.StartNew();
        for (var n = 0; n < Reads; n++)
        {
            if (cache.TryGet(sample[n % sample.Length], out var snapshot))
            {
                relations += snapshot.State.Relations.Count;
            }
        }
        clock.Stop();
        GC.KeepAlive(relations);
        return (kept, clock.Elapsed.TotalNanoseconds / Reads);
    }
}
