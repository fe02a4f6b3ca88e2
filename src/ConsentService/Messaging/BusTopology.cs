using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Consent.Service.Messaging;

/// <summary>
/// The exchanges and queues of api.md, declared by every replica at start-up (declaring is idempotent).
/// Queues are quorum queues, replicated and durable, when the broker has them; a queue that already
/// exists with other arguments is used as it is rather than failing start-up.
/// </summary>
public static class BusTopology
{
    public const string CommandsExchange = "consent.commands";
    public const string CommandsQueue = "consent.commands";
    public const string CommandsRoutingKey = "command";
    public const string DeadLetterQueue = "consent.commands.dead";
    public const string EventsExchange = "consent.events";

    public static async Task DeclareAsync(IConnection connection, ILogger logger, CancellationToken cancellationToken)
    {
        await using (var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken))
        {
            await channel.ExchangeDeclareAsync(CommandsExchange, ExchangeType.Direct, durable: true, autoDelete: false, cancellationToken: cancellationToken);
            await channel.ExchangeDeclareAsync(EventsExchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        }
        await DeclareQueueAsync(connection, CommandsQueue, logger, cancellationToken);
        await DeclareQueueAsync(connection, DeadLetterQueue, logger, cancellationToken);
        await using (var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken))
        {
            await channel.QueueBindAsync(CommandsQueue, CommandsExchange, CommandsRoutingKey, cancellationToken: cancellationToken);
        }
    }

    // A failed declaration closes its channel, so each attempt gets a channel of its own.
    private static async Task DeclareQueueAsync(IConnection connection, string queue, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: cancellationToken);
            return;
        }
        catch (OperationInterruptedException e)
        {
            logger.LogWarning("Queue {Queue} could not be declared as a quorum queue ({Reason}); using it as it is or as a classic queue", queue, e.ShutdownReason?.ReplyText);
        }
        try
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
        }
        catch (OperationInterruptedException)
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
        }
    }
}
