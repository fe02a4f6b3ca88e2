using Consent.Service.EventStore;
using Npgsql;

namespace Consent.Service.Caching;

/// <summary>
/// Listens to the commit notifications of every replica (CommitAnnouncer sends "stream:position" on
/// consent_events after each commit; directory writes notify consent_directory) and keeps the
/// in-memory caches honest. Between notifications it reads the committed log itself every half second
/// (CommittedLogCatchUp), for commits whose announcement never came. While the connection is down the
/// caches are switched off, and they start empty when it is back, because notifications sent
/// meanwhile are lost.
/// </summary>
public sealed class CommitListener(
    NpgsqlDataSource dataSource, PatientStateCache patients, ProviderInstitutions institutions, ProviderRecords providers, PatientCacheWarmer warmer, GlobalPositions positions, ILogger<CommitListener> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var attempt = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                // The pool does not reset connections (ServiceSetup): stop listening before this one returns to it.
                await using var unlisten = new SessionState(connection, "unlisten *");
                connection.Notification += (_, e) => OnNotification(e.Channel, e.Payload);
                await using (var listen = new NpgsqlCommand("listen consent_events; listen consent_directory", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                var catchUp = await CommittedLogCatchUp.StartAsync(connection, stoppingToken);
                SetListening(true);
                await institutions.ReloadAsync(stoppingToken);
                // Warm while notifications keep flowing on this connection, so changes made meanwhile still evict.
                _ = Task.Run(() => warmer.WarmAsync(stoppingToken), stoppingToken);
                attempt = 0;
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(CommittedLogCatchUp.Interval, stoppingToken);
                    if (catchUp.Due)
                    {
                        await catchUp.ReadAsync(connection, Changed, stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                SetListening(false);
                logger.LogWarning("Commit notifications interrupted, caches off until they are back: {Message}", e.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 200 * (1 << Math.Min(attempt++, 5)))), stoppingToken);
            }
        }
        SetListening(false);
    }

    private void SetListening(bool live)
    {
        INotifiedCache[] caches = [patients, providers, institutions];
        foreach (var cache in caches)
        {
            cache.Listening(live);
        }
    }

    private void OnNotification(string channel, string payload)
    {
        if (channel == "consent_directory")
        {
            institutions.Invalidate();
            providers.Invalidate();
            return;
        }
        // rebuild-views repairs a view at the position it had: a replica may have cached the wrong state at that very
        // position, which an ordinary announcement (anything older must go) would leave in place.
        var repaired = payload.EndsWith(RepairedSuffix, StringComparison.Ordinal);
        var announced = repaired ? payload[..^RepairedSuffix.Length] : payload;
        var colon = announced.LastIndexOf(':');
        if (colon > 0 && long.TryParse(announced.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture, out var position))
        {
            if (repaired)
            {
                patients.Repaired(announced[..colon]);
                return;
            }
            Changed(announced[..colon], position);
        }
    }

    /// <summary>The end of a notification that a view was repaired in place (ViewRebuilder): stream:position:repaired.</summary>
    public const string RepairedSuffix = ":repaired";

    private void Changed(string streamId, long position)
    {
        patients.Announced(streamId, position);
        positions.Saw(position);
    }
}
