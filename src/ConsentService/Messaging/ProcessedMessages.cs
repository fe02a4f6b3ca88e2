using Consent.Service.EventStore;
using Npgsql;

namespace Consent.Service.Messaging;

/// <summary>
/// The message_ids already applied, per sender (table processed_messages). The id is inserted in the
/// transaction of the command's events, so a command is applied exactly when its id is recorded; a
/// second insert of the same sender and id fails on the primary key and rolls its events back. The
/// position the command left the patient's stream at is kept with it, for the reply to a repeat.
/// </summary>
public sealed class ProcessedMessages(NpgsqlDataSource dataSource)
{
    public const string Table = "processed_messages";

    /// <summary>The message when that sender's id was applied already: with the position it left the stream at, if kept.</summary>
    public async Task<Applied?> FindAsync(string sender, string messageId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "select position from processed_messages where sender = $1 and message_id = $2");
        command.Parameters.Add(Sql.Text(sender));
        command.Parameters.Add(Sql.Text(messageId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new Applied(reader.IsDBNull(0) ? null : reader.GetInt64(0)) : null;
    }

    public sealed record Applied(long? Position);

    public static async Task RecordAsync(NpgsqlTransaction transaction, string sender, string messageId, long position, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "insert into processed_messages (sender, message_id, position) values ($1, $2, $3)", transaction.Connection, transaction);
        command.Parameters.Add(Sql.Text(sender));
        command.Parameters.Add(Sql.Text(messageId));
        command.Parameters.Add(Sql.Value(position));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static bool IsDuplicate(PostgresException e) => e.SqlState == PostgresErrorCodes.UniqueViolation && e.TableName == Table;
}
