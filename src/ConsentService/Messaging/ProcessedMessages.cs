using Consent.Service.EventStore;
using Npgsql;

namespace Consent.Service.Messaging;

/// <summary>
/// The message_ids already applied, per sender (table processed_messages). The id is inserted in the
/// transaction of the command's events, so a command is applied exactly when its id is recorded; a
/// second insert of the same sender and id fails on the primary key and rolls its events back.
/// </summary>
public sealed class ProcessedMessages(NpgsqlDataSource dataSource)
{
    public const string Table = "processed_messages";

    public async Task<bool> ContainsAsync(string sender, string messageId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "select exists (select 1 from processed_messages where sender = $1 and message_id = $2)");
        command.Parameters.Add(Sql.Text(sender));
        command.Parameters.Add(Sql.Text(messageId));
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public static async Task RecordAsync(NpgsqlTransaction transaction, string sender, string messageId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "insert into processed_messages (sender, message_id) values ($1, $2)", transaction.Connection, transaction);
        command.Parameters.Add(Sql.Text(sender));
        command.Parameters.Add(Sql.Text(messageId));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static bool IsDuplicate(PostgresException e) => e.SqlState == PostgresErrorCodes.UniqueViolation && e.TableName == Table;
}
