using System.Threading.Channels;
using Consent.Service.EventStore;
using Npgsql;

namespace Consent.Service.Caching;

/// <summary>
/// Tells every replica's CommitListener which stream this one changed, as "stream:position" on
/// consent_events, right after the commit. The append itself no longer notifies
/// (024_append_announced_by_service.sql): a NOTIFY holds a cluster-wide lock through its transaction's
/// disk flush, which made every append commit alone. Here the notifications of all the commits that
/// finished meanwhile go out in one statement of their own, a transaction that writes nothing durable
/// and so holds that lock only for a moment. Nobody waits for it: an announcement that is late, fails
/// or is lost with this process costs freshness, not correctness. Decisions with minPosition never
/// rely on it, and every replica reads the committed log behind the transaction horizon twice a
/// second (CommittedLogCatchUp), so the stream is evicted there soon after in any case. The sending
/// loop starts with the first commit rather than as a hosted service: commands run during start-up
/// too (the demo seed, inside the schema's start-up step).
/// </summary>
public sealed class CommitAnnouncer(NpgsqlDataSource dataSource, ILogger<CommitAnnouncer> logger) : IAsyncDisposable
{
    private const int MaxBatch = 1000;

    // A stalled database holds one statement no longer than this; the commits behind it go in the next.
    private const int TimeoutSeconds = 2;

    private readonly Channel<string> queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource stopping = new();
    private readonly Lock starting = new();
    private Task? loop;

    public void Announce(string streamId, long position)
    {
        if (loop is null)
        {
            lock (starting)
            {
                loop ??= Task.Run(() => SendAsync(stopping.Token), CancellationToken.None);
            }
        }
        queue.Writer.TryWrite(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{streamId}:{position}"));
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await stopping.CancelAsync();
        if (loop is not null)
        {
            await loop;
        }
        stopping.Dispose();
    }

    private async Task SendAsync(CancellationToken stoppingToken)
    {
        var batch = new List<string>(MaxBatch);
        NpgsqlConnection? connection = null;
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && queue.Reader.TryRead(out var payload))
                {
                    batch.Add(payload);
                }
                try
                {
                    connection ??= await dataSource.OpenConnectionAsync(stoppingToken);
                    await using var notify = new NpgsqlCommand("select pg_notify('consent_events', p) from unnest($1::text[]) p", connection)
                    {
                        CommandTimeout = TimeoutSeconds,
                    };
                    notify.Parameters.Add(Sql.Value<string[]>([.. batch]));
                    await notify.ExecuteNonQueryAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning("Announcing {Count} commits failed, replicas will read them from the log: {Message}", batch.Count, e.Message);
                    if (connection is not null)
                    {
                        await connection.DisposeAsync();
                        connection = null;
                    }
                }
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }
}
