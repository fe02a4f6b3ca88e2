using Consent.Service.EventStore;
using Npgsql;

namespace Consent.Service.Auditing;

/// <summary>Reads one stream's rows with their hashes, in version order.</summary>
public sealed class StreamRows(NpgsqlDataSource dataSource)
{
    public async IAsyncEnumerable<ChainedEventRow> ReadAsync(string streamId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"select {ChainedEventRow.Columns} from events where stream_id = $1 order by version");
        command.Parameters.Add(Sql.Text(streamId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ChainedEventRow.Read(reader);
        }
    }
}
