using Consent.Service.EventStore;
using Consent.Service.Patients;
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
public sealed class ViewRebuilder(NpgsqlDataSource dataSource)
{
    private const string PatientStreamsOnly = "like 'patient-%'";

    public async Task<long> CountEventsAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"select count(*) from events where stream_id {PatientStreamsOnly}");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<(long Streams, long Events, List<ViewRepair> Repairs)> RunAsync(Action<long> progress, CancellationToken cancellationToken = default)
    {
        var suspects = new List<(string StreamId, string Difference)>();
        var (streams, events) = (0L, 0L);
        await using (var command = dataSource.CreateCommand(
            $"""
            select {ChainedEventRow.ColumnsOf("e")}, case when e.version = s.version then v.state::text end, v.version, v.position, v.recorded_at
            from events e join streams s on s.stream_id = e.stream_id left join inline_views v on v.stream_id = e.stream_id
            where e.stream_id {PatientStreamsOnly}
            order by e.stream_id, e.version
            """))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            var stream = new List<StoredEvent>();
            StoredView? view = null;
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = ChainedEventRow.Read(reader);
                if (stream.Count > 0 && stream[0].StreamId != row.StreamId)
                {
                    Compare(stream, view, suspects);
                    streams++;
                    stream.Clear();
                    progress(events);
                }
                stream.Add(row.ToStored());
                events++;
                view = reader.IsDBNull(9) || reader.IsDBNull(10) ? null
                    : new StoredView(reader.GetInt64(10), reader.GetInt64(11), reader.GetFieldValue<DateTimeOffset>(12), reader.GetString(9));
            }
            if (stream.Count > 0)
            {
                Compare(stream, view, suspects);
                streams++;
            }
            progress(events);
        }

        var repairs = new List<ViewRepair>();
        foreach (var (streamId, _) in suspects)
        {
            if (await RepairAsync(streamId, cancellationToken) is { } repair)
            {
                repairs.Add(repair);
            }
        }
        return (streams, events, repairs);
    }

    private static void Compare(List<StoredEvent> stream, StoredView? view, List<(string, string)> suspects)
    {
        if (ViewComparison.Difference(PatientReplay.Fold(stream), view) is { } difference)
        {
            suspects.Add((stream[0].StreamId, difference));
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
            "select version, position, recorded_at, state::text from inline_views where stream_id = $1", connection, transaction))
        {
            read.Parameters.Add(Sql.Text(streamId));
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                view = new StoredView(reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3));
            }
        }
        var replay = PatientReplay.Fold(events);
        if (ViewComparison.Difference(replay, view) is not { } difference)
        {
            return null;
        }

        await using (var write = new NpgsqlCommand(
            """
            with written as (
                insert into inline_views (stream_id, view_type, version, position, recorded_at, state) values ($1, $2, $3, $4, $5, $6)
                on conflict (stream_id) do update set view_type = excluded.view_type, version = excluded.version, position = excluded.position,
                    recorded_at = excluded.recorded_at, state = excluded.state
                returning stream_id, position
            )
            select pg_notify('consent_events', stream_id || ':' || position) from written
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

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, string streamId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(Sql.Text(streamId));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
