using Npgsql;

namespace Consent.Service.EventStore;

/// <summary>
/// Undoes session state (a LISTEN, an advisory lock) on a pooled connection before it goes back to the
/// pool, which does not reset connections (ServiceSetup). Best effort: a connection that cannot run
/// the statement is broken, its session and everything in it already gone, and the pool drops it.
/// </summary>
public sealed class SessionState(NpgsqlConnection connection, string undo) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => new(ReleaseAsync(connection, undo));

    public static async Task ReleaseAsync(NpgsqlConnection connection, string undo)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            return;
        }
        try
        {
            await using var command = new NpgsqlCommand(undo, connection) { CommandTimeout = 2 };
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException or IOException)
        {
            // Broken: the session ended with the connection.
        }
    }
}
