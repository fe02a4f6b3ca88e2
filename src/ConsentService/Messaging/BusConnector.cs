using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Consent.Service.Messaging;

/// <summary>
/// Opens broker connections. Once a connection exists the client's automatic recovery brings it and
/// its channels and consumers back after an outage; the first connection is ours to retry, so that
/// the service starts (and is ready, readiness being about the database) while the broker is away.
/// </summary>
public sealed class BusConnector(IOptions<RabbitMqOptions> options, ILogger<BusConnector> logger)
{
    /// <param name="recover">
    /// Whether the client recovers the connection itself. The relay does not want it: it re-publishes from its
    /// checkpoint on a fresh connection, since a recovered channel's confirms are not about what it re-sends.
    /// </param>
    public async Task<IConnection> ConnectAsync(string purpose, CancellationToken cancellationToken, bool recover = true)
    {
        var settings = options.Value;
        var factory = new ConnectionFactory
        {
            Uri = new Uri(settings.Uri!),
            AutomaticRecoveryEnabled = recover,
            TopologyRecoveryEnabled = recover,
            NetworkRecoveryInterval = settings.RecoveryInterval,
            RequestedHeartbeat = TimeSpan.FromSeconds(20),
        };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var connection = await factory.CreateConnectionAsync($"consent-service {purpose} {Environment.MachineName}", cancellationToken);
                if (attempt > 0)
                {
                    logger.LogInformation("Connected to the broker for {Purpose} after {Attempts} attempts", purpose, attempt + 1);
                }
                return connection;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var delay = Backoff.Delay(attempt);
                if (attempt % 10 == 0)
                {
                    logger.LogWarning("Broker unreachable for {Purpose}, retrying in {Delay}: {Message}", purpose, delay, e.Message);
                }
                await Task.Delay(delay, cancellationToken);
            }
        }
    }
}
