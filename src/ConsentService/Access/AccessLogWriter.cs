using System.Threading.Channels;
using Consent.Service.Hosting;
using Npgsql;

namespace Consent.Service.Access;

/// <summary>
/// Writes access-log entries durably without a round trip per decision: entries queue up while the
/// previous batch is being written, then go to PostgreSQL together in one COPY and one commit (group
/// commit). Each caller's task completes only once its entry is committed, so a decision is never
/// answered before it is logged. Several flushers take turns, so that one batch is filled while the
/// previous one waits for its commit to reach the disk.
/// </summary>
public sealed class AccessLogWriter(NpgsqlDataSource dataSource, ILogger<AccessLogWriter> logger, int flushers = 1) : BackgroundService
{
    private const int MaxBatch = 2000;

    private readonly Channel<(AccessLogEntry Entry, TaskCompletionSource Done)> queue =
        Channel.CreateBounded<(AccessLogEntry, TaskCompletionSource)>(new BoundedChannelOptions(50_000) { SingleReader = false });

    public async Task WriteAsync(IEnumerable<AccessLogEntry> entries, CancellationToken cancellationToken)
    {
        var pending = new List<Task>();
        foreach (var entry in entries)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await queue.Writer.WriteAsync((entry, done), cancellationToken);
            pending.Add(done.Task);
        }
        await Task.WhenAll(pending).WaitAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, flushers)).Select(_ => FlushLoopAsync(stoppingToken)));

    private async Task FlushLoopAsync(CancellationToken stoppingToken)
    {
        var batch = new List<(AccessLogEntry Entry, TaskCompletionSource Done)>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync(stoppingToken))
        {
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                await FlushAsync([.. batch.Select(b => b.Entry)], stoppingToken);
                batch.ForEach(b => b.Done.TrySetResult());
            }
            catch (Exception e)
            {
                // The callers answer 503: a decision that could not be logged is not given.
                logger.LogError(e, "Access log batch of {Count} entries failed", batch.Count);
                batch.ForEach(b => b.Done.TrySetException(e));
            }
            ConsentDiagnostics.AccessLogBatchSize.Record(batch.Count);
            ConsentDiagnostics.AccessLogFlushDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
            batch.Clear();
        }
    }

    // One statement in its own implicit transaction: a single round trip per batch, whose commit is
    // the durability point every waiting request is answered after.
    private async Task FlushAsync(IReadOnlyList<AccessLogEntry> entries, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            insert into access_log (patient, logged_at, decided_for, provider, document_type, decision, reasons,
                                    break_the_glass, review_required, requested_by, position)
            select patient, logged_at, decided_for, provider, document_type, decision, string_to_array(reasons, ','),
                   break_the_glass, review_required, by_kind || ':' || by_id, position
            from unnest($1::text[], $2::timestamptz[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[],
                        $8::text[], $9::boolean[], $10::text[], $11::text[], $12::bigint[])
                 as e(patient, logged_at, decided_for, provider, document_type, decision, reasons,
                      break_the_glass, review_required, by_kind, by_id, position)
            """);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. entries.Select(e => e.Patient)] });
        command.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = [.. entries.Select(e => e.LoggedAt.UtcDateTime)] });
        command.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = [.. entries.Select(e => e.DecidedFor.UtcDateTime)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. entries.Select(e => e.Provider)] });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. entries.Select(e => e.DocumentType)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. entries.Select(e => e.Decision)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. entries.Select(e => string.Join(',', e.Reasons))] });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. entries.Select(e => e.BreakTheGlass)] });
        command.Parameters.Add(new NpgsqlParameter<bool[]> { TypedValue = [.. entries.Select(e => e.ReviewRequired)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. entries.Select(e => e.RequestedByKind)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. entries.Select(e => e.RequestedById)] });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. entries.Select(e => e.Position)] });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
