using Consent.Service.EventStore;
using Npgsql;

namespace Consent.Service.Messaging;

/// <summary>
/// The right to relay, held as a session-level advisory lock on a connection of its own: exactly one
/// replica publishes, and if it dies its session ends and the lock is free for another. The same
/// connection LISTENs to consent_events, which the service announces after each commit, so the leader
/// wakes up as soon as there is something to publish. The connection is not pooled: a pooled one
/// would keep the lock while idle in the pool.
/// </summary>
public sealed class RelayLeadership : IAsyncDisposable
{
    // Any fixed number will do, as long as nothing else in this database uses it: "consent" in ASCII.
    private const long LockKey = 0x636F6E73656E74;

    private readonly NpgsqlConnection connection;
    private volatile bool notified;

    private RelayLeadership(NpgsqlConnection connection)
    {
        this.connection = connection;
        connection.Notification += (_, _) => notified = true;
    }

    /// <summary>Leadership if no other replica holds it, else null.</summary>
    public static async Task<RelayLeadership?> TryAcquireAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            // Notice a silently dead server (and so a lost lock) instead of waiting for notifications forever.
            KeepAlive = 10,
            ApplicationName = "consent-service bus-relay",
        };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("select pg_try_advisory_lock($1)", connection);
            command.Parameters.Add(Sql.Value<long>(LockKey));
            if (!(bool)(await command.ExecuteScalarAsync(cancellationToken))!)
            {
                await connection.DisposeAsync();
                return null;
            }
            await using var listen = new NpgsqlCommand("listen consent_events", connection);
            await listen.ExecuteNonQueryAsync(cancellationToken);
            return new RelayLeadership(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits for a commit notification or the timeout; true if something was committed meanwhile.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!notified)
        {
            // Throws if the connection (and with it the lock) is lost: the caller then steps down.
            await connection.WaitAsync(timeout, cancellationToken);
        }
        var result = notified;
        notified = false;
        return result;
    }

    // Closing the session releases the lock.
    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
