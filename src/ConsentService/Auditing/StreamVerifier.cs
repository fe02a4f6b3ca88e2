using Consent.Service.EventStore;
using Npgsql;

namespace Consent.Service.Auditing;

/// <summary>Checks stored hash chains: one stream, or every stream in one ordered pass.</summary>
public sealed class StreamVerifier(NpgsqlDataSource dataSource)
{
    public async Task<StreamIntegrity> CheckAsync(string streamId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            select x.stream_id, s.version, s.head_hash, {ChainedEventRow.ColumnsOf("e")}
            from (select $1::text) x (stream_id)
            left join streams s on s.stream_id = x.stream_id
            left join events e on e.stream_id = x.stream_id
            order by e.version
            """);
        command.Parameters.Add(Sql.Text(streamId));
        // Always one row (the patient's number with nulls when nothing was ever written: an empty, intact chain).
        return await ReadAsync(command, cancellationToken).FirstAsync(cancellationToken);
    }

    /// <summary>Every stream, in stream id order, in one pass over the events.</summary>
    public IAsyncEnumerable<StreamIntegrity> CheckAllAsync(CancellationToken cancellationToken = default)
    {
        var command = dataSource.CreateCommand(
            $"""
            select coalesce(s.stream_id, e.stream_id), s.version, s.head_hash, {ChainedEventRow.ColumnsOf("e")}
            from streams s full join events e on e.stream_id = s.stream_id
            order by coalesce(s.stream_id, e.stream_id), e.version
            """);
        return ReadAsync(command, cancellationToken, dispose: true);
    }

    public async Task<(long Streams, long Events)> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("select (select count(*) from streams), (select count(*) from events)");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static async IAsyncEnumerable<StreamIntegrity> ReadAsync(
        NpgsqlCommand command, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken, bool dispose = false)
    {
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            StreamChainCheck? check = null;
            (long Version, byte[] Head) recorded = (0, []);
            while (await reader.ReadAsync(cancellationToken))
            {
                var streamId = reader.GetString(0);
                if (check is null || check.StreamId != streamId)
                {
                    if (check is not null) { yield return check.Finish(recorded.Version, recorded.Head); }
                    check = new StreamChainCheck(streamId);
                    // Events whose stream row was deleted (triggers off) are checked against an empty head: they break at version 1.
                    recorded = reader.IsDBNull(1) ? (0, HashChain.Genesis.ToArray()) : (reader.GetInt64(1), reader.GetFieldValue<byte[]>(2));
                }
                // A stream without events (possible only by tampering) has one row of nulls: an empty chain.
                if (!reader.IsDBNull(3))
                {
                    var row = ChainedEventRow.Read(reader, 3);
                    check.Add(row.Version, row.Canonical(), row.Hash);
                }
            }
            if (check is not null)
            {
                yield return check.Finish(recorded.Version, recorded.Head);
            }
        }
        finally
        {
            if (dispose)
            {
                await command.DisposeAsync();
            }
        }
    }
}
