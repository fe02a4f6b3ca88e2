using System.Globalization;
using Consent.Service.EventStore;
using Npgsql;

namespace Consent.Service.Caching;

/// <summary>
/// The safety net under commit announcements (CommitAnnouncer): reads which streams changed from the
/// global log itself, behind the transaction horizon like the relay (GlobalLog), so a commit is seen
/// even if the process that made it died before announcing it. It starts at the horizon of the moment
/// the listener connected: everything older was committed before the caches were (re)started empty.
/// </summary>
internal sealed class CommittedLogCatchUp
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private const int Page = 10_000;

    private Checkpoint after;
    private long lastRead = System.Diagnostics.Stopwatch.GetTimestamp();

    private CommittedLogCatchUp(Checkpoint start) => after = start;

    public bool Due => System.Diagnostics.Stopwatch.GetElapsedTime(lastRead) >= Interval;

    public static async Task<CommittedLogCatchUp> StartAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("select pg_snapshot_xmin(pg_current_snapshot())::text", connection);
        var horizon = ulong.Parse((string)(await command.ExecuteScalarAsync(cancellationToken))!, CultureInfo.InvariantCulture);
        // (horizon - 1, last position): the first read starts with the transactions still running now.
        return new CommittedLogCatchUp(new Checkpoint(horizon - 1, long.MaxValue));
    }

    /// <summary>Hands every (stream, position) committed since the last read to <paramref name="changed"/>.</summary>
    public async Task ReadAsync(NpgsqlConnection connection, Action<string, long> changed, CancellationToken cancellationToken)
    {
        lastRead = System.Diagnostics.Stopwatch.GetTimestamp();
        await using var command = new NpgsqlCommand { Connection = connection };
        for (var read = Page; read == Page;)
        {
            GlobalLog.Page(command, "position, stream_id", after, Page);
            read = 0;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                after = new Checkpoint(GlobalLog.TxIdOf(reader), reader.GetInt64(1));
                changed(reader.GetString(2), after.Position);
                read++;
            }
        }
    }
}
