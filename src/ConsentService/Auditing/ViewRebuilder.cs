using Consent.Service.EventStore;
using Consent.Service.Patients;
using System.Collections.Concurrent;
using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;

namespace Consent.Service.Auditing;

/// <summary>One view found different from its stream's replay, and whether it was repaired.</summary>
public sealed record ViewRepair(string StreamId, string Difference, bool Repaired);

/// <summary>
/// Replays every patient stream through the same evolution the appends use and compares each inline
/// view with the result. The scan reads without locks, so a view can look different only because an
/// append committed meanwhile: each suspect is checked again under the stream's row lock (the lock
/// every append takes), and only then repaired, with a notification so every replica's cache drops it.
/// </summary>
public sealed class ViewRebuilder(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    internal const string PatientStreamsOnly = "like 'patient-%'";

    // Readers side by side, each on its own connection: one PostgreSQL backend per core.
    private static readonly int Readers = Math.Max(2, Environment.ProcessorCount);

    private ReplayScan? scan;

    /// <summary>Takes the snapshot the replay reads; returns its number of events (perhaps an estimate), for the progress shown.</summary>
    public async Task<(long Events, bool Estimated)> TakeSnapshotAsync(CancellationToken cancellationToken = default)
    {
        await DisposeAsync();
        scan = await ReplayScan.OpenAsync(dataSource, Readers, cancellationToken);
        return (scan.Events, scan.EventsEstimated);
    }

    /// <summary>Replays the snapshot taken (one is taken now if none was), then repairs the views that still differ.</summary>
    public async Task<(long Streams, long Events, List<ViewRepair> Repairs)> RunAsync(Action<long> progress, CancellationToken cancellationToken = default)
    {
        if (scan is null)
        {
            await TakeSnapshotAsync(cancellationToken);
        }
        // Readers hand whole streams, a few thousand events at a time, to one replaying worker per core:
        // reading rows and replaying them (JSON to events to state) then overlap, and the replay, most of
        // the work, is spread over the machine.
        var chunks = Channel.CreateBounded<List<ReplayRow>>(4);
        var suspects = new ConcurrentBag<(string StreamId, string Difference)>();
        var workers = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => Task.Run(async () =>
        {
            var actors = new Dictionary<string, ActorRef>(StringComparer.Ordinal);
            await foreach (var chunk in chunks.Reader.ReadAllAsync(cancellationToken))
            {
                ReplayAndCompare(chunk, actors, suspects);
            }
        }, cancellationToken)).ToArray();

        long streams, events;
        try
        {
            (streams, events) = await scan!.ReadAsync(chunks.Writer, progress, cancellationToken);
        }
        finally
        {
            chunks.Writer.TryComplete();
            await DisposeAsync();
        }
        await Task.WhenAll(workers);
        progress(events);

        var repairs = new List<ViewRepair>();
        foreach (var (streamId, _) in suspects.OrderBy(s => s.StreamId, StringComparer.Ordinal))
        {
            if (await RepairAsync(streamId, cancellationToken) is { } repair)
            {
                repairs.Add(repair);
            }
        }
        return (streams, events, repairs);
    }

    // A chunk holds whole streams: each is folded from the first event and compared with its view.
    private static void ReplayAndCompare(List<ReplayRow> chunk, Dictionary<string, ActorRef> actors, ConcurrentBag<(string, string)> suspects)
    {
        var replay = PatientSnapshot.Initial;
        for (var i = 0; i < chunk.Count; i++)
        {
            replay = chunk[i].ApplyTo(replay, actors);
            if (i == chunk.Count - 1 || chunk[i + 1].StreamId != chunk[i].StreamId)
            {
                if (ViewComparison.Difference(replay, chunk[i].View) is { } difference)
                {
                    suspects.Add((chunk[i].StreamId, difference));
                }
                replay = PatientSnapshot.Initial;
            }
        }
    }

    /// <summary>Under the stream's lock: compare again, and write the replay if the view still differs.</summary>
    private async Task<ViewRepair?> RepairAsync(string streamId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await Execute(connection, transaction, "select version from streams where stream_id = $1 for update", streamId, cancellationToken);

        var events = new List<StoredEvent>();
        StoredView? view = null;
        await using (var read = new NpgsqlCommand(
            $"select {ChainedEventRow.Columns} from events where stream_id = $1 order by version", connection, transaction))
        {
            read.Parameters.Add(Sql.Text(streamId));
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                events.Add(ChainedEventRow.Read(reader).ToStored());
            }
        }
        await using (var read = new NpgsqlCommand(
            "select version, position, recorded_at, state from inline_views where stream_id = $1", connection, transaction))
        {
            read.Parameters.Add(Sql.Text(streamId));
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                view = new StoredView(reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<byte[]>(3));
            }
        }
        var replay = PatientReplay.Fold(events);
        if (ViewComparison.Difference(replay, view) is not { } difference)
        {
            return null;
        }

        await using (var write = new NpgsqlCommand(
            $$"""
            with written as (
                insert into inline_views (stream_id, view_type, version, position, recorded_at, state) values ($1, $2, $3, $4, $5, $6)
                on conflict (stream_id) do update set view_type = excluded.view_type, version = excluded.version, position = excluded.position,
                    recorded_at = excluded.recorded_at, state = excluded.state
                returning stream_id, position
            )
            select pg_notify('consent_events', stream_id || ':' || position || '{{Caching.CommitListener.RepairedSuffix}}') from written
            """, connection, transaction))
        {
            write.Parameters.Add(Sql.Text(streamId));
            write.Parameters.Add(Sql.Text(PatientStreams.ViewType));
            write.Parameters.Add(Sql.Value<long>(replay.Version));
            write.Parameters.Add(Sql.Value<long>(replay.Position));
            write.Parameters.Add(Sql.Value<DateTimeOffset>(replay.LastRecordedAt ?? DateTimeOffset.UnixEpoch));
            write.Parameters.Add(Sql.Nullable(StoreJson.ToElement(replay.State).GetRawText(), NpgsqlDbType.Jsonb));
            await write.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new ViewRepair(streamId, difference, true);
    }

    public async ValueTask DisposeAsync()
    {
        if (scan is not null)
        {
            await scan.DisposeAsync();
            scan = null;
        }
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, string streamId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(Sql.Text(streamId));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
