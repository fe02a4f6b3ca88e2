using System.Diagnostics;
using System.Threading.Channels;
using Consent.Service.Hosting;
using Npgsql;
using NpgsqlTypes;

namespace Consent.Service.EventStore;

/// <summary>
/// Commits appends to distinct streams together (group commit): appends queue up while the previous batch is
/// being written, then go to PostgreSQL in one statement and one commit. Sixty-four writers each running their
/// own statement, commit and WAL flush kept PostgreSQL's backends fighting over two cores; one backend writing
/// them one after another does the same work in a fraction of the CPU. Each append is still checked alone: a
/// stream that moved on or a key already answered fails that append only, and a batch the database refuses as
/// a whole (one append's content, a key raced by another request, a deadlock with another replica's batch)
/// wrote nothing and is tried again one append at a time. A caller's task completes once its append is
/// committed, or with the reason it is not.
/// </summary>
public sealed class AppendBatcher(NpgsqlDataSource dataSource, PostgresEventStore store, ILogger<AppendBatcher> logger) : BackgroundService
{
    private const int MaxBatch = 256;

    private const string BatchSql =
        "select item, outcome, new_version, first_position, last_position from append_batch($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)";

    private sealed record Pending(PreparedAppend Append, TaskCompletionSource<AppendResult> Done, ActivityContext Caller);

    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = false });

    /// <summary>
    /// Appends with the next batch. The wait is not cancellable: once queued, the append may commit, and its
    /// caller must learn whether it did (its cache and its announcement follow the commit).
    /// </summary>
    public async Task<AppendResult> AppendAsync(PreparedAppend append)
    {
        using var span = ConsentDiagnostics.Start("eventstore.append");
        span?.SetTag("consent.expected_version", append.ExpectedVersion);
        span?.SetTag("consent.events", append.Count);
        var done = new TaskCompletionSource<AppendResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!queue.Writer.TryWrite(new Pending(append, done, span?.Context ?? default)))
        {
            throw Stopping();
        }
        try
        {
            return await done.Task;
        }
        catch (VersionConflictException)
        {
            span?.SetStatus(ActivityStatusCode.Error, "version-conflict");
            throw;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        var streams = new HashSet<string>(StringComparer.Ordinal);
        // A second append to a stream already in the batch (a replica serialises its own writes per stream, so only
        // a caller outside that lock could send one) waits for the next batch: a batch holds one append per stream.
        var next = new Queue<Pending>();
        try
        {
            while (next.Count > 0 || await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                for (var held = next.Count; held > 0 && batch.Count < MaxBatch; held--)
                {
                    Add(next.Dequeue());
                }
                while (batch.Count < MaxBatch && queue.Reader.TryRead(out var pending))
                {
                    Add(pending);
                }
                // Not cancelled by the stop: a batch on its way is let finish, so that its callers learn its outcome.
                await FlushAsync(batch);
                batch.Clear();
                streams.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            while (next.TryDequeue(out var held))
            {
                held.Done.TrySetException(Stopping());
            }
            RefuseTheRest();
        }

        void Add(Pending pending)
        {
            if (streams.Add(pending.Append.StreamId))
            {
                batch.Add(pending);
            }
            else
            {
                next.Enqueue(pending);
            }
        }
    }

    /// <summary>Stops taking appends; those still queued are refused, having written nothing.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // The loop may never have run (a host stopped while starting): nothing queued is left waiting.
        RefuseTheRest();
    }

    private void RefuseTheRest() => queue.CloseAndRefuse(left => left.Done.TrySetException(Stopping()));

    private async Task FlushAsync(List<Pending> batch)
    {
        var started = Stopwatch.GetTimestamp();
        // Streams are locked in one order by every replica's batches, so two batches never wait on each other in a cycle.
        batch.Sort((a, b) => string.CompareOrdinal(a.Append.StreamId, b.Append.StreamId));
        // The batch's span is its own trace, linked to the appends it carries (one per request's trace).
        var links = batch.Where(p => p.Caller != default).Select(p => new ActivityLink(p.Caller));
        using var span = ConsentDiagnostics.Source.StartActivity("eventstore.append_batch", ActivityKind.Internal, default(ActivityContext), links: links);
        span?.SetTag("consent.appends", batch.Count);
        try
        {
            await TogetherAsync(batch);
        }
        catch (PostgresException e)
        {
            // The statement rolled back as a whole: nothing of the batch is written, and each append is tried alone.
            logger.LogWarning("A batch of {Count} appends was refused as a whole ({SqlState}); appending them one by one", batch.Count, e.SqlState);
            foreach (var pending in batch)
            {
                try
                {
                    pending.Done.TrySetResult(await store.AppendAsync(pending.Append));
                }
                catch (Exception alone)
                {
                    pending.Done.TrySetException(alone);
                }
            }
        }
        catch (Exception e)
        {
            logger.LogError(e, "A batch of {Count} appends failed", batch.Count);
            span?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            batch.ForEach(p => p.Done.TrySetException(e));
        }
        ConsentDiagnostics.AppendBatchSize.Record(batch.Count);
        ConsentDiagnostics.AppendBatchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private async Task TogetherAsync(List<Pending> batch)
    {
        var appends = batch.Select(p => p.Append).ToList();
        var events = appends.SelectMany(a => Enumerable.Range(0, a.Count).Select(i => (Append: a, Index: i))).ToList();
        await using var command = dataSource.CreateCommand(BatchSql);
        command.Parameters.Add(Sql.Value<string[]>([.. appends.Select(a => a.StreamId)]));
        command.Parameters.Add(Sql.Value<long[]>([.. appends.Select(a => a.ExpectedVersion)]));
        command.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = [.. appends.Select(a => a.RecordedAt.UtcDateTime)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(Sql.Value<int[]>([.. appends.Select(a => a.Count)]));
        command.Parameters.Add(Sql.Nullable(appends.Select(a => a.View?.ViewType).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text));
        command.Parameters.Add(Sql.Nullable(appends.Select(a => a.View?.State.GetRawText()).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Jsonb));
        command.Parameters.Add(Sql.Value<Guid[]>([.. events.Select(e => e.Append.Ids[e.Index])]));
        command.Parameters.Add(Sql.Value<string[]>([.. events.Select(e => e.Append.Types[e.Index])]));
        command.Parameters.Add(PostgresEventStore.Jsonb([.. events.Select(e => e.Append.Data[e.Index])]));
        command.Parameters.Add(PostgresEventStore.Jsonb([.. events.Select(e => e.Append.Metadata[e.Index])]));
        command.Parameters.Add(Sql.Value<byte[][]>([.. events.Select(e => e.Append.Canonical[e.Index])]));
        command.Parameters.Add(Sql.Nullable(appends.Select(a => a.Remember?.Principal).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text));
        command.Parameters.Add(Sql.Nullable(appends.Select(a => a.Remember?.Key).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text));
        command.Parameters.Add(Sql.Nullable(appends.Select(a => a.Remember?.RequestHash).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text));
        command.Parameters.Add(new NpgsqlParameter<int?[]> { TypedValue = [.. appends.Select(a => a.Remember?.StatusCode)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        command.Parameters.Add(Sql.Nullable(appends.Select(a => a.Remember?.HeadersJson).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Jsonb));
        command.Parameters.Add(Sql.Nullable(appends.Select(a => a.Remember?.Body).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text));

        var outcomes = new (string Outcome, AppendResult? Result)[batch.Count];
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                outcomes[reader.GetInt32(0) - 1] = (reader.GetString(1), reader.IsDBNull(2) ? null : new AppendResult(reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
            }
        }
        // Only now is the batch known to be committed: the reader is done and the statement's implicit transaction with it.
        for (var i = 0; i < batch.Count; i++)
        {
            var (outcome, result) = outcomes[i];
            var pending = batch[i];
            switch (outcome)
            {
                case "appended":
                    ConsentDiagnostics.Appends.Add(1);
                    pending.Done.TrySetResult(result!);
                    break;
                case "conflict":
                    ConsentDiagnostics.Conflicts.Add(1);
                    pending.Done.TrySetException(new VersionConflictException(pending.Append.StreamId, pending.Append.ExpectedVersion));
                    break;
                case "key-used":
                    pending.Done.TrySetException(new IdempotencyKeyUsedException());
                    break;
                default:
                    pending.Done.TrySetException(new InvalidOperationException($"append_batch gave no outcome for append {i + 1}."));
                    break;
            }
        }
    }

    private static RefusedException Stopping() => new(ErrorCodes.Unavailable, "The service is stopping; nothing was written. Try again.");
}
