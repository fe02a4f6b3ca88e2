using System.Collections.Concurrent;
using System.Threading.Channels;
using Consent.Service.EventStore;
using Npgsql;

namespace Consent.Service.Auditing;

/// <summary>
/// Reads the rows of every patient stream in stream and version order, handing whole streams a few
/// thousand events at a time to the replay. The streams are cut into key ranges, and one reader per
/// core takes the next range as it finishes one, each on its own connection, all in one snapshot
/// (exported by the first, as <c>pg_dump -j</c> does): one PostgreSQL backend walking the index was a
/// single core's work, and waited alone on every page it had to read from disk.
/// </summary>
internal sealed class ReplayScan : IAsyncDisposable
{
    // Events per hand-over to a worker: big enough that handing over costs nothing, small enough to keep both busy.
    private const int ChunkEvents = 4096;

    // Ranges per reader. Streams differ in cost across the key space (patients seeded together look alike,
    // and a short stream carries its whole view for a few events), so ranges cut ahead of time never end
    // together: a few per reader, taken in turn, do.
    private const int RangesPerReader = 4;

    private readonly List<(NpgsqlConnection Connection, NpgsqlTransaction Transaction)> readers;
    private readonly ConcurrentQueue<(string? Lower, string? Upper)> ranges;
    private long handedOver;
    private readonly Lock progressLock = new();

    private ReplayScan(List<(NpgsqlConnection, NpgsqlTransaction)> readers, List<string> cuts, long events, bool estimated)
    {
        this.readers = readers;
        ranges = new(Enumerable.Range(0, cuts.Count + 1).Select(i => (i == 0 ? null : cuts[i - 1], i == cuts.Count ? null : cuts[i])));
        Events = events;
        EventsEstimated = estimated;
    }

    /// <summary>The events the scan will read, for the progress shown.</summary>
    public long Events { get; }

    /// <summary>Whether <see cref="Events"/> is the planner's estimate rather than a count.</summary>
    public bool EventsEstimated { get; }

    /// <summary>Takes the snapshot and opens <paramref name="readerCount"/> readers on it.</summary>
    public static async Task<ReplayScan> OpenAsync(NpgsqlDataSource dataSource, int readerCount, CancellationToken cancellationToken)
    {
        // Every reader's connection opens at once: the others' start is off the path while the first plans.
        var opening = Enumerable.Range(0, readerCount).Select(_ => BeginAsync(dataSource, cancellationToken)).ToList();
        try
        {
            var (connection, transaction) = await opening[0];
            var snapshot = (string)(await ScalarAsync(connection, transaction, "select pg_export_snapshot()", null, cancellationToken))!;
            var (cuts, events, estimated) = await PlanAsync(connection, transaction, readerCount * RangesPerReader, cancellationToken);
            var readers = new List<(NpgsqlConnection Connection, NpgsqlTransaction Transaction)>();
            foreach (var reader in opening)
            {
                readers.Add(await reader);
            }
            foreach (var (reader, readerTransaction) in readers.Skip(1))
            {
                await ScalarAsync(reader, readerTransaction, $"set transaction snapshot '{snapshot}'", null, cancellationToken);
            }
            foreach (var (reader, readerTransaction) in readers)
            {
                // Walk the (stream_id, version) indexes in order instead of sorting every event first: rows
                // flow to the workers at once, and at millions of events the sort would spill to disk. And
                // no parallel workers: for a narrow range the planner chose one, a third process on cores
                // the readers and the replay already fill, and a sort after it (twice as slow).
                await ScalarAsync(reader, readerTransaction,
                    "select set_config('enable_sort', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)", null, cancellationToken);
            }
            return new ReplayScan(readers, cuts, events, estimated);
        }
        catch
        {
            foreach (var reader in opening)
            {
                // One that failed to open has nothing to close, and its error is not the one to report.
                if (await Task.WhenAny(reader) is { IsCompletedSuccessfully: true } opened)
                {
                    await CloseAsync([opened.Result]);
                }
            }
            throw;
        }
    }

    public async Task<(long Streams, long Events)> ReadAsync(ChannelWriter<List<ReplayRow>> chunks, Action<long> progress, CancellationToken cancellationToken)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reads = readers.Select(async reader =>
        {
            try
            {
                var (streams, events) = (0L, 0L);
                while (ranges.TryDequeue(out var range))
                {
                    var read = await ReadRangeAsync(reader.Connection, reader.Transaction, range.Lower, range.Upper, chunks, progress, failed.Token);
                    (streams, events) = (streams + read.Streams, events + read.Events);
                }
                return (Streams: streams, Events: events);
            }
            catch
            {
                await failed.CancelAsync();
                throw;
            }
        }).ToArray();
        var read = await Task.WhenAll(reads);
        return (read.Sum(r => r.Streams), read.Sum(r => r.Events));
    }

    // The stream ids that cut the patient streams into about `count` ranges of as many events each, and
    // the number of events. The planner's histogram of events.stream_id (equal numbers of events between
    // its bounds) costs nothing to read; without statistics (a store never analyzed, so a small one) the
    // events are counted and the index walked to each cut.
    private static async Task<(List<string> Cuts, long Events, bool Estimated)> PlanAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int count, CancellationToken cancellationToken)
    {
        await using (var statistics = new NpgsqlCommand(
            $"""
            select array(select b from unnest(s.histogram_bounds::text::text[]) b where b {ViewRebuilder.PatientStreamsOnly}), c.reltuples::bigint
            from pg_stats s join pg_class c on c.oid = 'events'::regclass
            where s.schemaname = current_schema() and s.tablename = 'events' and s.attname = 'stream_id'
            """, connection, transaction))
        await using (var reader = await statistics.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken) && reader.GetFieldValue<string[]>(0) is { Length: > 1 } bounds && reader.GetInt64(1) > 0)
            {
                var cuts = Enumerable.Range(1, count - 1).Select(i => bounds[i * (bounds.Length - 1) / count]).Distinct().ToList();
                return (cuts, reader.GetInt64(1), true);
            }
        }
        // A stream's version is its number of events: summing them reads a fifth of the rows counting the events would.
        var events = (long)(await ScalarAsync(connection, transaction,
            $"select coalesce(sum(version), 0)::bigint from streams where stream_id {ViewRebuilder.PatientStreamsOnly}", null, cancellationToken))!;
        // Offsets into the index give cuts in its order, a long stream perhaps several times: each is kept
        // once, as the histogram's are.
        var points = new List<string>();
        for (var i = 1; i < count && events >= count; i++)
        {
            if (await ScalarAsync(connection, transaction,
                $"select stream_id from events where stream_id {ViewRebuilder.PatientStreamsOnly} order by stream_id, version offset $1 limit 1",
                events * i / count, cancellationToken) is string point)
            {
                points.Add(point);
            }
        }
        return (points.Distinct().ToList(), events, false);
    }

    public ValueTask DisposeAsync() => CloseAsync(readers);

    private static async ValueTask CloseAsync(IEnumerable<(NpgsqlConnection Connection, NpgsqlTransaction Transaction)> opened)
    {
        foreach (var (connection, transaction) in opened.ToList())
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    private static async Task<(NpgsqlConnection, NpgsqlTransaction)> BeginAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            return (connection, await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task<(long Streams, long Events)> ReadRangeAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string? lower, string? upper,
        ChannelWriter<List<ReplayRow>> chunks, Action<long> progress, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ReplayRow.Query(lower is not null, upper is not null), connection, transaction);
        if (lower is not null)
        {
            command.Parameters.AddWithValue("lower", lower);
        }
        if (upper is not null)
        {
            command.Parameters.AddWithValue("upper", upper);
        }
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var (streams, read) = (0L, 0L);
        var chunk = new List<ReplayRow>(ChunkEvents * 2);
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = ReplayRow.Read(reader);
            if (chunk.Count == 0 || chunk[^1].StreamId != row.StreamId)
            {
                streams++;
                if (chunk.Count >= ChunkEvents)
                {
                    await HandOverAsync(chunk, chunks, progress, cancellationToken);
                    chunk = new List<ReplayRow>(ChunkEvents * 2);
                }
            }
            chunk.Add(row);
            read++;
        }
        if (chunk.Count > 0)
        {
            await HandOverAsync(chunk, chunks, progress, cancellationToken);
        }
        return (streams, read);
    }

    private async Task HandOverAsync(List<ReplayRow> chunk, ChannelWriter<List<ReplayRow>> chunks, Action<long> progress, CancellationToken cancellationToken)
    {
        await chunks.WriteAsync(chunk, cancellationToken);
        // Ranges hand over side by side: one count, reported in the order it grows.
        lock (progressLock)
        {
            handedOver += chunk.Count;
            progress(handedOver);
        }
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, long? argument, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        if (argument is { } value)
        {
            command.Parameters.Add(Sql.Value<long>(value));
        }
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
