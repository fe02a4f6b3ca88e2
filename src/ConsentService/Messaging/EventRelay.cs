using System.Diagnostics;
using Consent.Service.Hosting;
using Consent.Service.EventStore;
using Microsoft.Extensions.Options;
using Npgsql;
using RabbitMQ.Client;

namespace Consent.Service.Messaging;

/// <summary>
/// Publishes every event of the store to consent.events: the store is the outbox. The leader (see
/// RelayLeadership) reads the global log after its checkpoint with the transaction-id horizon (so an
/// event committing late is never skipped), publishes in log order with publisher confirms, and
/// saves the checkpoint only once the broker has confirmed the whole batch. A crash between confirm
/// and checkpoint publishes a batch again: delivery is at least once, consumers deduplicate on
/// message_id. While the broker is away nothing advances, and publishing resumes where it stopped.
/// </summary>
public sealed class EventRelay(
    GlobalLog log, NpgsqlDataSource dataSource, BusConnector connector, RelaySettings settings, RelayLag lag, IOptions<RabbitMqOptions> options,
    ILogger<EventRelay> logger)
    : BackgroundService
{
    public const string CheckpointName = "bus-relay";

    private static readonly TimeSpan Standby = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan NotYetVisible = TimeSpan.FromMilliseconds(100);

    private IConnection? broker;
    private IChannel? channel;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Start-up goes on at once: the broker may be away for long.
        await Task.Yield();
        try
        {
            for (var attempt = 0; !stoppingToken.IsCancellationRequested;)
            {
                try
                {
                    await using var leadership = await RelayLeadership.TryAcquireAsync(settings.ConnectionString, stoppingToken);
                    if (leadership is null)
                    {
                        // Another replica relays; take over if it goes away.
                        await Task.Delay(Standby, stoppingToken);
                        continue;
                    }
                    logger.LogInformation("This replica relays events to {Exchange}", BusTopology.EventsExchange);
                    attempt = 0;
                    await RelayAsync(leadership, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // The database went away (and with the session, leadership): try again later.
                    logger.LogWarning("Event relay interrupted, stepping down: {Message}", e.Message);
                    await Task.Delay(Backoff.Delay(attempt++), stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await CloseBrokerAsync();
        }
    }

    private async Task RelayAsync(RelayLeadership leadership, CancellationToken stoppingToken)
    {
        var checkpoint = await LoadCheckpointAsync(stoppingToken);
        var brokerFailures = 0;
        var wait = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (wait > TimeSpan.Zero)
            {
                var committed = await leadership.WaitAsync(wait, stoppingToken);
                wait = committed ? TimeSpan.Zero : wait;
            }
            var batch = await log.ReadAfterAsync(checkpoint, options.Value.RelayBatchSize, stoppingToken);
            if (batch.Count == 0)
            {
                lag.CaughtUp(checkpoint.Position);
                await DeclareBeforeTheFirstEventAsync(stoppingToken);
                // Woken by a commit but nothing readable yet: an older transaction still holds the
                // horizon back. Look again soon rather than after the whole poll interval.
                wait = wait == TimeSpan.Zero ? NotYetVisible : options.Value.RelayPollInterval;
                continue;
            }
            try
            {
                await PublishAsync(batch, stoppingToken);
                brokerFailures = 0;
            }
            catch (Exception e) when (e is not OperationCanceledException && e is not NpgsqlException)
            {
                // The broker is away or refused the batch: keep the checkpoint and try the batch again, on a new
                // connection and channel. A recovered channel's confirms cannot be trusted to be about the
                // messages re-sent on it, so nothing published before the failure counts as confirmed.
                await CloseBrokerAsync();
                if (brokerFailures % 10 == 0)
                {
                    logger.LogWarning("Publishing events failed, retrying from position {Position}: {Message}", checkpoint.Position, e.Message);
                }
                await Task.Delay(Backoff.Delay(brokerFailures++), stoppingToken);
                wait = TimeSpan.Zero;
                continue;
            }
            logger.LogDebug("Relayed positions {First}-{Last} (tx {FirstTx}-{LastTx}), confirmed", batch[0].Event.Position, batch[^1].Event.Position, batch[0].TxId, batch[^1].TxId);
            checkpoint = batch[^1].Checkpoint;
            await SaveCheckpointAsync(checkpoint, stoppingToken);
            lag.Published(batch[^1].Event);
            wait = batch.Count < options.Value.RelayBatchSize ? options.Value.RelayPollInterval : TimeSpan.Zero;
        }
    }

    /// <summary>
    /// The exchange exists before any event is published to it: a hospital binds its queue first, and the binding
    /// (or its refusal for exclusion events) must not fail with "no exchange". While the store is idle this declares
    /// it again on a new channel after the broker came back (a restarted broker without its definitions); the
    /// connection waits for a broker that is away, as a publish would.
    /// </summary>
    private async Task DeclareBeforeTheFirstEventAsync(CancellationToken stoppingToken)
    {
        if (channel is { IsOpen: true })
        {
            return;
        }
        try
        {
            await ChannelAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogDebug("Declaring {Exchange} failed: {Message}", BusTopology.EventsExchange, e.Message);
            await CloseBrokerAsync();
        }
    }

    // One at a time and in log order, each awaited until confirmed: this keeps every patient's
    // events in stream order on the exchange, even when a publish fails halfway through a batch.
    private async Task PublishAsync(IReadOnlyList<GlobalEvent> batch, CancellationToken stoppingToken)
    {
        var publisher = await ChannelAsync(stoppingToken);
        foreach (var item in batch)
        {
            var envelope = EventEnvelope.Of(item.Event);
            // Publishing continues the trace of the request or command that caused the event.
            ActivityContext.TryParse(item.Event.Metadata.TraceParent, null, out var cause);
            using var span = ConsentDiagnostics.Source.StartActivity($"bus.publish {item.Event.Type}", ActivityKind.Producer, cause);
            span?.SetTag("messaging.message.id", item.Event.EventId.ToString());
            await publisher.BasicPublishAsync(BusTopology.EventsExchange, envelope.RoutingKey, false, envelope.Properties(item.Event), envelope.ToUtf8(), stoppingToken);
        }
    }

    private async Task<IChannel> ChannelAsync(CancellationToken stoppingToken)
    {
        if (broker is { IsOpen: false })
        {
            await CloseBrokerAsync();
        }
        broker ??= await connector.ConnectAsync("events", stoppingToken, recover: false);
        if (channel is { IsClosed: true } && broker.IsOpen)
        {
            // Closed by a channel error while the connection stands: recovery will not reopen it.
            await channel.DisposeAsync();
            channel = null;
        }
        if (channel is null)
        {
            await using (var declare = await broker.CreateChannelAsync(cancellationToken: stoppingToken))
            {
                await declare.ExchangeDeclareAsync(BusTopology.EventsExchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: stoppingToken);
            }
            channel = await broker.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), stoppingToken);
        }
        return channel;
    }

    private async Task<Checkpoint> LoadCheckpointAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await Checkpoints.LoadAsync(connection, CheckpointName, cancellationToken);
    }

    private async Task SaveCheckpointAsync(Checkpoint checkpoint, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await Checkpoints.SaveAsync(connection, CheckpointName, checkpoint, cancellationToken);
    }

    private async Task CloseBrokerAsync()
    {
        try
        {
            if (channel is not null)
            {
                await channel.DisposeAsync();
            }
            if (broker is not null)
            {
                await broker.DisposeAsync();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Closing a connection the broker already dropped may fail; it is gone either way.
        }
        finally
        {
            (channel, broker) = (null, null);
        }
    }
}

/// <summary>The database connection string, for the relay's own unpooled leadership connection.</summary>
public sealed record RelaySettings(string ConnectionString);
