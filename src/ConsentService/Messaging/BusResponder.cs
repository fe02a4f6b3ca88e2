using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Consent.Service.Messaging;

/// <summary>
/// Publishes what the handler says back: dead letters (with x-reason-code, x-reason and
/// x-original-user-id) and replies. It stays on RabbitMQ.Client, on a connection of its own: a dead
/// letter must keep the sender's type, message_id and correlation_id, carry our headers only, and be
/// confirmed by the broker (mandatory, publisher confirms) before Wolverine acknowledges the original,
/// and a reply goes to a reply_to queue named per message. One channel, one publisher at a time.
/// </summary>
public sealed class BusResponder(BusConnector connector, ILogger<BusResponder> logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private IConnection? connection;
    private IChannel? channel;

    public async Task DeadLetterAsync(BusCommandEnvelope message, CommandOutcome outcome, CancellationToken cancellationToken)
    {
        var original = message.Properties;
        // Ours only. A sender's own headers could pass for ours (x-reason...), or be made to fail the publish for good:
        // sized to fill the frame once ours are added, or keys that grow past 255 bytes when re-encoded. The
        // dead letter would then be retried forever with the queue waiting behind it.
        var headers = new Dictionary<string, object?>
        {
            ["x-reason-code"] = outcome.Code,
            ["x-reason"] = outcome.Detail,
            // The broker refuses a user_id that is not our own connection's: keep the sender in a header instead.
            ["x-original-user-id"] = original.UserId ?? "",
            ["x-original-exchange"] = BusTopology.CommandsExchange,
        };
        var properties = new BasicProperties
        {
            Persistent = true,
            ContentType = ShortString(original.ContentType),
            Type = ShortString(original.Type),
            MessageId = ShortString(original.MessageId),
            CorrelationId = ShortString(original.CorrelationId),
            ReplyTo = ShortString(original.ReplyTo),
            Timestamp = original.Timestamp,
            Headers = headers,
        };
        // Mandatory: if the queue were missing the publish fails (and is retried) instead of vanishing.
        await PublishAsync("", BusTopology.DeadLetterQueue, true, properties, message.Body, cancellationToken);
    }

    /// <summary>
    /// Replies only to a queue of the sender's own namespace (BusReplies); any other reply_to gets nothing. The
    /// sender is the broker user, which the broker verified, whether the service maps it or not.
    /// </summary>
    public async Task ReplyAsync(BusCommandEnvelope message, CommandOutcome outcome, CancellationToken cancellationToken)
    {
        if (message.Properties.ReplyTo is not { Length: > 0 } replyTo || message.UserId is not { } user || !BusReplies.MayReplyTo(user, replyTo))
        {
            return;
        }
        var properties = new BasicProperties
        {
            ContentType = "application/json",
            Type = "CommandReply",
            CorrelationId = ShortString(message.Properties.CorrelationId ?? message.MessageId),
            MessageId = Guid.NewGuid().ToString(),
        };
        // Not mandatory: a client that went away with its reply queue loses only its own answer.
        try
        {
            await PublishAsync("", replyTo, false, properties, CommandReply.Of(outcome).ToUtf8(), cancellationToken);
        }
        catch (PublishException)
        {
            // The broker refused the reply (the sender's queue is full and rejects, say). That is the sender's own
            // queue and its own loss: retried, it would hold every sender's commands behind this one for good.
            logger.LogWarning("Reply to command {MessageId} from {User} refused by the broker; dropped", BusCommandHandler.Printable(message.MessageId), user);
        }
    }

    /// <summary>
    /// A sender's property as it can be published again: AMQP short strings hold 255 bytes, and invalid UTF-8 the
    /// client read as U+FFFD takes three bytes for each one it replaced. Too long once re-encoded, it is left out:
    /// a dead letter or reply that can never be published would be retried forever, the queue waiting behind it.
    /// </summary>
    public static string? ShortString(string? value) => value is null || Encoding.UTF8.GetByteCount(value) <= 255 ? value : null;

    private async Task PublishAsync(string exchange, string routingKey, bool mandatory, BasicProperties properties, byte[] body, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            connection ??= await connector.ConnectAsync("replies", cancellationToken);
            if (channel is { IsClosed: true } && connection.IsOpen)
            {
                // Closed by a channel error while the connection stands: automatic recovery will not reopen it.
                await channel.DisposeAsync();
                channel = null;
            }
            channel ??= await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
            await channel.BasicPublishAsync(exchange, routingKey, mandatory, properties, body, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (channel is not null)
        {
            await channel.DisposeAsync();
        }
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
        gate.Dispose();
    }
}
