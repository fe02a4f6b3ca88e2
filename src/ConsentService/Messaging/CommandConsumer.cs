using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Consent.Service.Messaging;

/// <summary>
/// Consumes consent.commands. Deliveries are spread over lanes by patient (order per patient, some
/// parallelism across patients) and each is acknowledged only after its outcome is durable: the
/// events and message_id committed, or the dead letter confirmed by the broker. The client's
/// automatic recovery brings the connection, channel and consumer back after a broker outage;
/// deliveries not yet acknowledged then come again and are recognised by their message_id.
/// </summary>
public sealed class CommandConsumer(
    BusConnector connector, CommandDelivery delivery, IOptions<RabbitMqOptions> options, ILogger<CommandConsumer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Start-up goes on at once: the broker may be away for long.
        await Task.Yield();
        for (var attempt = 0; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await using var connection = await connector.ConnectAsync("commands", stoppingToken);
                await BusTopology.DeclareAsync(connection, logger, stoppingToken);
                await using var responder = await BusResponder.OpenAsync(connection, stoppingToken);
                var lanes = new CommandLanes(options.Value.Lanes, (m, ct) => delivery.HandleAsync(m, responder, ct), stoppingToken);
                try
                {
                    await ConsumeAsync(connection, lanes, stoppingToken);
                }
                finally
                {
                    await lanes.StopAsync();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The broker went away during set-up, or refused it: start over with a new connection.
                logger.LogWarning("Command consumer interrupted, starting over: {Message}", e.Message);
                await Task.Delay(Backoff.Delay(Math.Min(attempt, 5)), stoppingToken);
            }
        }
    }

    // Runs until stopped. A channel closed by the broker while the connection stays up (a channel
    // error, which automatic recovery does not repair) is replaced with a new channel and consumer.
    private async Task ConsumeAsync(IConnection connection, CommandLanes lanes, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken);
            await channel.BasicQosAsync(0, options.Value.Prefetch, false, stoppingToken);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, e) =>
            {
                lanes.Enqueue(InboundMessage.From(channel, e));
                return Task.CompletedTask;
            };
            await channel.BasicConsumeAsync(BusTopology.CommandsQueue, autoAck: false, consumer, stoppingToken);
            logger.LogInformation("Consuming {Queue} with prefetch {Prefetch} and {Lanes} lanes", BusTopology.CommandsQueue, options.Value.Prefetch, options.Value.Lanes);

            var closedChecks = 0;
            while (closedChecks < 3)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                closedChecks = channel.IsClosed && connection.IsOpen ? closedChecks + 1 : 0;
            }
            logger.LogWarning("Command channel closed by the broker ({Reason}); opening a new one", channel.CloseReason?.ReplyText);
        }
    }
}
