using Consent.Service.EventStore;
using Npgsql;

namespace Consent.Service.Auditing;

/// <summary>
/// Puts access-log entries written before the batch chain existed into chained batches of at most
/// 1000, in id order, in lane 0, inside the migration's transaction. Runs after script 021 and
/// before 022 makes the tables refuse updates. A fixed number of passes whatever the log's size:
/// group the entries in SQL, then read them in order and chain the groups.
/// </summary>
public static class AccessLogBackfill
{
    private const int BatchSize = 1000;

    private static readonly string Groups =
        $"(select patient, id, (row_number() over (order by id) - 1) / {BatchSize} + 1 as seq from access_log where batch is null)";

    public static async Task RunAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var created = await ExecuteAsync(connection, transaction,
            $"insert into access_log_batches (lane, seq, hash, entries) select 0, seq, '', count(*) from {Groups} g group by seq", cancellationToken);
        if (created == 0)
        {
            return;
        }
        await ExecuteAsync(connection, transaction,
            $"""
            update access_log a set batch = b.id
            from {Groups} g join access_log_batches b on b.lane = 0 and b.seq = g.seq
            where a.patient = g.patient and a.id = g.id
            """, cancellationToken);

        var seqs = new List<long>();
        var hashes = new List<byte[]>();
        var head = HashChain.Genesis.ToArray();
        await using (var select = new NpgsqlCommand(
            $"select {AccessLogRow.ColumnsOf("a")}, b.seq from access_log a join access_log_batches b on b.id = a.batch where b.lane = 0 order by b.seq, a.id",
            connection, transaction))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            var entries = new List<byte[]>(BatchSize);
            long? current = null;
            while (await reader.ReadAsync(cancellationToken))
            {
                var seq = reader.GetInt64(13);
                if (current is { } done && done != seq)
                {
                    seqs.Add(done);
                    hashes.Add(head = HashChain.Next(head, AccessLogCanonical.Digest(entries)));
                    entries.Clear();
                }
                current = seq;
                entries.Add(AccessLogRow.Read(reader).Canonical);
            }
            seqs.Add(current!.Value);
            hashes.Add(head = HashChain.Next(head, AccessLogCanonical.Digest(entries)));
        }

        await using (var chain = new NpgsqlCommand(
            "update access_log_batches b set hash = u.hash from unnest($1::bigint[], $2::bytea[]) as u(seq, hash) where b.lane = 0 and b.seq = u.seq",
            connection, transaction))
        {
            chain.Parameters.Add(Sql.Value<long[]>([.. seqs]));
            chain.Parameters.Add(Sql.Value<byte[][]>([.. hashes]));
            await chain.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var moveHead = new NpgsqlCommand("update access_log_lanes set seq = $1, hash = $2 where lane = 0", connection, transaction);
        moveHead.Parameters.Add(Sql.Value<long>(seqs[^1]));
        moveHead.Parameters.Add(Sql.Value<byte[]>(head));
        await moveHead.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
