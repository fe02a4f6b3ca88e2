using System.Threading.Channels;
using Consent.Service.Hosting;
using Npgsql;

namespace Consent.Service.Access;

/// <summary>
/// Logs access decisions durably without a round trip per decision: entries queue up while the
/// previous batch is being written, then go to PostgreSQL together in one statement and one commit
/// (group commit). Each caller's task completes only once its entry is committed, so a decision is
/// never answered before it is logged. With more than one flusher, each has its own connection and
/// one batch fills while another waits for its commit to reach the disk.
/// </summary>
public sealed class AccessLogWriter(NpgsqlDataSource dataSource, ILogger<AccessLogWriter> logger, int flushers = 1) : BackgroundService
{
    private const int MaxBatch = 2000;

    private readonly Channel<(AccessLogEntry Entry, TaskCompletionSource Done)> queue =
        Channel.CreateBounded<(AccessLogEntry, TaskCompletionSource)>(new BoundedChannelOptions(50_000) { SingleReader = false });

    public async Task WriteAsync(IEnumerable<AccessLogEntry> entries, CancellationToken cancellationToken)
    {
        // Most requests log one decision: they wait on its task alone, without a list or a WhenAll.
        Task? first = null;
        List<Task>? all = null;
        foreach (var entry in entries)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            try
            {
                await queue.Writer.WriteAsync((entry, done), cancellationToken);
            }
            catch (ChannelClosedException)
            {
                throw NotLogged();
            }
            if (first is null) { first = done.Task; }
            else { (all ??= [first]).Add(done.Task); }
        }
        await (all is not null ? Task.WhenAll(all) : first ?? Task.CompletedTask).WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.WhenAll(Enumerable.Range(0, Math.Max(1, flushers)).Select(_ => FlushLoopAsync(stoppingToken)));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // A stop, not a failure: the host logs a background service that ends by throwing as failed.
        }
        finally
        {
            RefuseTheRest();
        }
    }

    /// <summary>Stops taking entries; those still queued are refused, so their decisions are not given.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // The loop may never have run (a host stopped while starting): nothing queued is left waiting.
        RefuseTheRest();
    }

    private void RefuseTheRest() => queue.CloseAndRefuse(left => left.Done.TrySetException(NotLogged()));

    private async Task FlushLoopAsync(CancellationToken stoppingToken)
    {
        var batch = new List<(AccessLogEntry Entry, TaskCompletionSource Done)>(MaxBatch);
        await using var insert = new AccessLogBatchInsert(dataSource);
        while (await queue.Reader.WaitToReadAsync(stoppingToken))
        {
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                await insert.InsertAsync([.. batch.Select(b => b.Entry)], stoppingToken);
                batch.ForEach(b => b.Done.TrySetResult());
            }
            catch (PostgresException e) when (batch.Count > 1 && Messaging.TransientFailures.IsContentError(e))
            {
                // One entry the database refuses must not fail the others: each is tried alone.
                logger.LogError("Access log batch of {Count} entries refused ({SqlState}); logging them one by one", batch.Count, e.SqlState);
                await InsertOneByOneAsync(insert, batch, stoppingToken);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Access log batch of {Count} entries failed", batch.Count);
                batch.ForEach(b => b.Done.TrySetException(NotLogged()));
            }
            ConsentDiagnostics.AccessLogBatchSize.Record(batch.Count);
            ConsentDiagnostics.AccessLogFlushDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
            batch.Clear();
        }
    }

    private static async Task InsertOneByOneAsync(AccessLogBatchInsert insert, List<(AccessLogEntry Entry, TaskCompletionSource Done)> batch, CancellationToken stoppingToken)
    {
        foreach (var (entry, done) in batch)
        {
            try
            {
                await insert.InsertAsync([entry], stoppingToken);
                done.TrySetResult();
            }
            catch (Exception)
            {
                done.TrySetException(NotLogged());
            }
        }
    }

    // A decision that could not be logged is not given: its callers answer 503 and may ask again.
    private static RefusedException NotLogged() => new(ErrorCodes.Unavailable, "The decision could not be logged, so it is not given; try again.");
}
