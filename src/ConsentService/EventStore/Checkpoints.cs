using System.Globalization;
using Npgsql;

namespace Consent.Service.EventStore;

/// <summary>
/// Stores readers' checkpoints on the reader's own connection. The bus relay saves one only after the
/// broker confirmed everything before it, so a crash between the two publishes again, never skips.
/// </summary>
public static class Checkpoints
{
    public static async Task<Checkpoint> LoadAsync(NpgsqlConnection connection, string name, CancellationToken cancellationToken = default)
    {
        await using var command = new NpgsqlCommand(
            "select last_tx::text, last_position from subscriptions where name = $1", connection);
        command.Parameters.Add(Sql.Text(name));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Checkpoint(ulong.Parse(reader.GetString(0), CultureInfo.InvariantCulture), reader.GetInt64(1))
            : Checkpoint.Start;
    }

    public static async Task SaveAsync(NpgsqlConnection connection, string name, Checkpoint checkpoint, CancellationToken cancellationToken = default)
    {
        await using var command = new NpgsqlCommand(
            """
            insert into subscriptions (name, last_tx, last_position, updated_at) values ($1, $2::text::xid8, $3, now())
            on conflict (name) do update set last_tx = excluded.last_tx, last_position = excluded.last_position, updated_at = now()
            """, connection);
        command.Parameters.Add(Sql.Text(name));
        command.Parameters.Add(Sql.Text(checkpoint.TxId.ToString(CultureInfo.InvariantCulture)));
        command.Parameters.Add(Sql.Value<long>(checkpoint.Position));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
