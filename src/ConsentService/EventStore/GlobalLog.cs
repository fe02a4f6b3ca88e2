using Npgsql;

namespace Consent.Service.EventStore;

/// <summary>Where a reader of the global log stands: the last (transaction id, position) it handled.</summary>
public readonly record struct Checkpoint(ulong TxId, long Position)
{
    public static readonly Checkpoint Start = new(0, 0);
}

/// <summary>An event of the global log with the transaction that wrote it.</summary>
public sealed record GlobalEvent(ulong TxId, StoredEvent Event)
{
    public Checkpoint Checkpoint => new(TxId, Event.Position);
}

/// <summary>
/// Reads the global log in commit-safe order. Positions come from a sequence taken before commit and
/// transactions commit in any order, so "position > checkpoint" alone skips an event whose
/// transaction commits late (Marten's async daemon did, issues 3122 and 4952). Instead we read only
/// events of transactions older than the oldest one still running (pg_snapshot_xmin), which can no
/// longer change, and page through them by (tx_id, position). The id travels as text (xid8 has no
/// Npgsql mapping) under another name: ORDER BY resolves a bare name to an output column first, and
/// ordered as text, id 10000 comes before 9999 and a page moves the checkpoint past events never read.
/// </summary>
public sealed class GlobalLog(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<GlobalEvent>> ReadAfterAsync(Checkpoint after, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand();
        Page(command, EventRows.Columns, after, limit);
        var events = new List<GlobalEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new GlobalEvent(TxIdOf(reader), EventRows.Read(reader, 1)));
        }
        return events;
    }

    /// <summary>
    /// Makes <paramref name="command"/> read the next page after <paramref name="after"/>: column 0 is the
    /// transaction id (read it with <see cref="TxIdOf"/>), then <paramref name="columns"/> of events.
    /// </summary>
    public static void Page(NpgsqlCommand command, string columns, Checkpoint after, int limit)
    {
        command.CommandText =
            $"""
            select tx_id::text as tx_id_text, {columns}
            from events
            where tx_id < pg_snapshot_xmin(pg_current_snapshot())
              and (tx_id, position) > ($1::text::xid8, $2)
            order by events.tx_id, events.position
            limit $3
            """;
        command.Parameters.Clear();
        command.Parameters.Add(Sql.Text(after.TxId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        command.Parameters.Add(Sql.Value<long>(after.Position));
        command.Parameters.Add(Sql.Value<int>(limit));
    }

    public static ulong TxIdOf(NpgsqlDataReader reader) => ulong.Parse(reader.GetString(0), System.Globalization.CultureInfo.InvariantCulture);
}
