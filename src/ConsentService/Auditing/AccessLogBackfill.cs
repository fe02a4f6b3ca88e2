using Npgsql;

namespace Consent.Service.Auditing;

/// <summary>
/// Puts access-log entries written before the batch chain existed into chained batches of at most
/// 1000, in id order, inside the migration's transaction. Runs after script 021 and before 022 makes
/// the table refuse updates. Two passes over the table, whatever its size: number the batches in
/// SQL, then read them in order and chain them.
/// </summary>
public static class AccessLogBackfill
{
    private const int BatchSize = 1000;

    public static async Task RunAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using (var number = new NpgsqlCommand(
            $"""
            update access_log a set batch = n.batch
            from (select patient, id, (row_number() over (order by id) - 1) / {BatchSize} + 1 as batch from access_log where batch is null) n
            where a.patient = n.patient and a.id = n.id
            """, connection, transaction))
        {
            if (await number.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return;
            }
        }

        var batches = new List<(long Batch, byte[] Hash, int Entries)>();
        var head = HashChain.Genesis.ToArray();
        await using (var select = new NpgsqlCommand($"select {AccessLogRow.Columns} from access_log order by batch, id", connection, transaction))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            var entries = new List<byte[]>(BatchSize);
            long? current = null;
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = AccessLogRow.Read(reader);
                if (row.Batch != current && current is { } done)
                {
                    head = HashChain.Next(head, AccessLogCanonical.Digest(entries));
                    batches.Add((done, head, entries.Count));
                    entries.Clear();
                }
                current = row.Batch;
                entries.Add(row.Canonical);
            }
            head = HashChain.Next(head, AccessLogCanonical.Digest(entries));
            batches.Add((current!.Value, head, entries.Count));
        }

        await using (var write = new NpgsqlCommand(
            "insert into access_log_batches (batch, hash, entries) select * from unnest($1::bigint[], $2::bytea[], $3::int[])", connection, transaction))
        {
            write.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. batches.Select(b => b.Batch)] });
            write.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = [.. batches.Select(b => b.Hash)] });
            write.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. batches.Select(b => b.Entries)] });
            await write.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var moveHead = new NpgsqlCommand("update access_log_head set batch = $1, hash = $2", connection, transaction);
        moveHead.Parameters.Add(new NpgsqlParameter<long> { TypedValue = batches[^1].Batch });
        moveHead.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = head });
        await moveHead.ExecuteNonQueryAsync(cancellationToken);
    }
}
