using Consent.Service.EventStore;
using Npgsql;

namespace Consent.Service.Auditing;

/// <summary>
/// Gives events stored before the hash chain existed their hashes, stream by stream in version order,
/// inside the migration's transaction (which holds the migration lock, so no append runs meanwhile).
/// Runs after script 020 and before 022 makes the table refuse updates.
/// </summary>
public static class HashChainBackfill
{
    private const int Page = 5000;

    public static async Task RunAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var stream = "";
        var version = 0L;
        var head = HashChain.Genesis.ToArray();
        while (true)
        {
            var rows = new List<ChainedEventRow>(Page);
            await using (var select = new NpgsqlCommand(
                $"select {ChainedEventRow.Columns} from events where (stream_id, version) > ($1, $2) order by stream_id, version limit {Page}",
                connection, transaction))
            {
                select.Parameters.Add(Sql.Text(stream));
                select.Parameters.Add(Sql.Value<long>(version));
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows.Add(ChainedEventRow.Read(reader));
                }
            }
            if (rows.Count == 0)
            {
                break;
            }

            var hashes = new byte[rows.Count][];
            for (var i = 0; i < rows.Count; i++)
            {
                if (rows[i].StreamId != stream)
                {
                    head = HashChain.Genesis.ToArray();
                }
                head = hashes[i] = HashChain.Next(head, rows[i].Canonical());
                (stream, version) = (rows[i].StreamId, rows[i].Version);
            }
            await using var update = new NpgsqlCommand(
                "update events e set hash = u.hash from unnest($1::bigint[], $2::bytea[]) as u(position, hash) where e.position = u.position",
                connection, transaction);
            update.Parameters.Add(Sql.Value<long[]>([.. rows.Select(r => r.Position)]));
            update.Parameters.Add(Sql.Value<byte[][]>(hashes));
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var heads = new NpgsqlCommand(
            "update streams s set head_hash = e.hash from events e where e.stream_id = s.stream_id and e.version = s.version",
            connection, transaction);
        await heads.ExecuteNonQueryAsync(cancellationToken);
    }
}
