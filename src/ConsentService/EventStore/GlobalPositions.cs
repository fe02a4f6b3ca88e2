using Npgsql;

namespace Consent.Service.EventStore;

/// <summary>
/// What this replica knows of the global log's positions: the highest commit it was told about (lag
/// metrics measure against it), and whether a position was ever handed out (a minPosition from the
/// future is refused at once instead of being waited for). One per host.
/// </summary>
public sealed class GlobalPositions(NpgsqlDataSource dataSource)
{
    private long announced;

    public long Announced => Interlocked.Read(ref announced);

    public void Saw(long position)
    {
        var current = Interlocked.Read(ref announced);
        while (position > current)
        {
            var seen = Interlocked.CompareExchange(ref announced, position, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }

    public async Task<bool> WasHandedOutAsync(long position, CancellationToken cancellationToken)
    {
        if (position <= Announced)
        {
            return true;
        }
        await using var command = dataSource.CreateCommand(
            "select coalesce(pg_sequence_last_value(pg_get_serial_sequence('events', 'position')), 0)");
        var newest = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        return position <= newest;
    }
}
