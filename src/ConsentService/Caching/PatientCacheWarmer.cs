using Consent.Service.EventStore;
using Consent.Service.Patients;
using Npgsql;

namespace Consent.Service.Caching;

/// <summary>
/// Fills the patient cache from the inline read models once notifications flow, so that the first
/// decisions after a start do not all pay a database round trip. It runs in the background (the
/// CommitListener starts it without waiting), and streams the rows: Npgsql hands them over one at a
/// time as PostgreSQL sends them, so a million rows never sit in memory together, only the cache's few
/// bytes per patient stay. The most recently changed patients come first, up to Cache:WarmPatients and
/// never more than the cache holds (beyond that, every offer would make room by dropping others).
/// States announced as changed during the scan are not overwritten (the cache keeps the newer
/// tombstone); once the cache's epoch moves (a reset, or room made), offers read before are refused, so
/// the scan stops.
/// </summary>
public sealed class PatientCacheWarmer(NpgsqlDataSource dataSource, PatientStateCache cache, IConfiguration configuration, ILogger<PatientCacheWarmer> logger)
{
    public const int DefaultWarmPatients = 1_000_000;

    /// <summary>
    /// A view read costs about 4.7 KB of short-lived objects (its JSON as a string, the state, the encoding). Left to
    /// itself the server GC let about 80 MB pile up between collections while the scan ran, and every page it touched
    /// stayed in the process's RSS: 445 MB at the end of a million views. A collection of the youngest generation every
    /// 16 MB allocated keeps the scan in the same few pages (335–350 MB at its end, and the scan no slower).
    /// </summary>
    private const long CollectEvery = 16 << 20;

    public async Task WarmAsync(CancellationToken cancellationToken)
    {
        var limit = Math.Min(configuration.GetValue("Cache:WarmPatients", DefaultWarmPatients), cache.Capacity);
        if (limit <= 0)
        {
            return;
        }
        try
        {
            await ScanAsync(limit, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // Nobody awaits this task: what is not logged here is never seen.
            logger.LogWarning("Patient cache warm-up stopped: {Message}", e.Message);
        }
    }

    private async Task ScanAsync(int limit, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var epoch = cache.Epoch;
        var read = 0;
        await using var command = dataSource.CreateCommand(
            $"select stream_id, {PatientViews.Columns} from inline_views where view_type = $1 order by recorded_at desc limit $2");
        command.Parameters.Add(Sql.Text(PatientStreams.ViewType));
        command.Parameters.Add(Sql.Value<int>(limit));
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            // Stopped early, the reader skips the rows left (without decoding them) as it is disposed:
            // rare, since the scan never asks for more than the cache holds.
            var collectAt = GC.GetTotalAllocatedBytes() + CollectEvery;
            while (cache.Epoch == epoch && await reader.ReadAsync(cancellationToken))
            {
                cache.Offer(reader.GetString(0), PatientViews.FromRow(reader, 1), epoch);
                read++;
                if (GC.GetTotalAllocatedBytes() >= collectAt)
                {
                    GC.Collect(0, GCCollectionMode.Forced, blocking: true);
                    collectAt = GC.GetTotalAllocatedBytes() + CollectEvery;
                }
            }
        }
        // Even collected along the way, the scan leaves the server GC holding more memory than the cache needs
        // (335–350 MB of RSS at the end of a million views, for a live heap under 200 MB), which it keeps while
        // the service is busy. One compacting collection, once, gives it back; its pause (measured below) falls
        // at start-up, while decisions are already answered from the warm cache.
        var pausedBefore = GC.GetTotalPauseDuration();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        logger.LogInformation("Patient cache warmed from {Read} patient views in {Elapsed} ms{Stopped}; it holds {Count} entries; the collection after it paused {Pause} ms",
            read, started.ElapsedMilliseconds, cache.Epoch == epoch ? "" : " (stopped: the cache was reset or made room)", cache.Count,
            (GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds);
    }
}
