using System.Threading.Channels;
using Consent.Service.EventStore;
using Npgsql;

namespace Consent.Service.Auditing;

/// <summary>
/// Reads the rows of every patient stream in stream and version order, handing whole streams a few
/// thousand events at a time to the replay. The streams are split into key ranges read side by side,
/// each on its own connection, all in one snapshot (exported by the first, as <c>pg_dump -j</c> does):
/// one PostgreSQL backend walking the index was a single core's work, and waited alone on every page
/// it had to read from disk.
/// </summary>
internal sealed class ReplayScan(NpgsqlDataSource dataSource)
{
    // Events per hand-over to a worker: big enough that handing over costs nothing, small enough to keep both busy.
    private const int ChunkEvents = 4096;

    private long events;
    private readonly Lock progressLock = new();

    public async Task<(long Streams, long Events)> ReadAsync(int ranges, ChannelWriter<List<ReplayRow>> chunks, Action<long> progress, CancellationToken cancellationToken)
    {
        await using var first = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await first.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var snapshot = (string)(await ScalarAsync(first, transaction, "select pg_export_snapshot()", null, cancellationToken))!;
        var bounds = await SplitPointsAsync(first, transaction, ranges, cancellationToken);

        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var readers = Enumerable.Range(0, bounds.Count + 1).Select(async i =>
        {
            var (lower, upper) = (i == 0 ? null : bounds[i - 1], i == bounds.Count ? null : bounds[i]);
            try
            {
                if (i == 0)
                {
                    return await ReadRangeAsync(first, transaction, lower, upper, chunks, progress, failed.Token);
                }
                await using var connection = await dataSource.OpenConnectionAsync(failed.Token);
                await using var imported = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, failed.Token);
                await ScalarAsync(connection, imported, $"set transaction snapshot '{snapshot}'", null, failed.Token);
                return await ReadRangeAsync(connection, imported, lower, upper, chunks, progress, failed.Token);
            }
            catch
            {
                await failed.CancelAsync();
                throw;
            }
        }).ToArray();
        var read = await Task.WhenAll(readers);
        return (read.Sum(r => r.Streams), read.Sum(r => r.Events));
    }

    // The stream ids that cut the patient streams into ranges of about as many streams each.
    private static async Task<List<string>> SplitPointsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int ranges, CancellationToken cancellationToken)
    {
        var points = new List<string>();
        var streams = (long)(await ScalarAsync(connection, transaction, $"select count(*) from streams where stream_id {ViewRebuilder.PatientStreamsOnly}", null, cancellationToken))!;
        for (var i = 1; i < ranges && streams >= ranges; i++)
        {
            var point = (string?)await ScalarAsync(connection, transaction,
                $"select stream_id from streams where stream_id {ViewRebuilder.PatientStreamsOnly} order by stream_id offset $1 limit 1",
                streams * i / ranges, cancellationToken);
            if (point is not null && (points.Count == 0 || string.CompareOrdinal(point, points[^1]) > 0))
            {
                points.Add(point);
            }
        }
        return points;
    }

    private async Task<(long Streams, long Events)> ReadRangeAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string? lower, string? upper,
        ChannelWriter<List<ReplayRow>> chunks, Action<long> progress, CancellationToken cancellationToken)
    {
        // Walk the (stream_id, version) indexes in order instead of sorting every event first: rows
        // flow to the workers at once, and at millions of events the sort would spill to disk.
        await ScalarAsync(connection, transaction, "set local enable_sort = off", null, cancellationToken);
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
            events += chunk.Count;
            progress(events);
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
