using RabbitMQ.Client;

namespace Consent.Service.Messaging;

/// <summary>
/// Publishes what the handler says back: dead letters (with x-reason-code, x-reason and
/// x-original-user-id) and replies. It stays on RabbitMQ.Client, on a connection of its own: a dead
/// letter must keep the sender's type, message_id and correlation_id, carry our headers only, and be
/// confirmed by the broker (mandatory, publisher confirms) before Wolverine acknowledges the original,
/// and a reply goes to a reply_to queue named per message. One channel, one publisher at a time.
/// </summary>
public sealed class BusResponder(BusConnector connector) : IAsyncDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private IConnection? connection;
    private IChannel? channel;

    public async Task DeadLetterAsync(BusCommandEnvelope message, CommandOutcome outcome, CancellationToken cancellationToken)
    {
        var original = message.Properties;
        // Headers a sender set under our names would pass for ours: they are dropped, and ours are set.
        var headers = original.Headers is null
            ? new Dictionary<string, object?>()
            : original.Headers.Where(h => !h.Key.StartsWith("x-reason", StringComparison.OrdinalIgnoreCase)
                && !h.Key.StartsWith("x-original-", StringComparison.OrdinalIgnoreCase)).ToDictionary();
        headers["x-reason-code"] = outcome.Code;
        headers["x-reason"] = outcome.Detail;
        // The broker refuses a user_id that is not our own connection's: keep the sender in a header instead.
        headers["x-original-user-id"] = original.UserId ?? "";
        headers["x-original-exchange"] = BusTopology.CommandsExchange;
        var properties = new BasicProperties
        {
            Persistent = true,
            ContentType = original.ContentType,
            Type = original.Type,
            MessageId = original.MessageId,
            CorrelationId = original.CorrelationId,
            ReplyTo = original.ReplyTo,
            Timestamp = original.Timestamp,
            Headers = headers,
        };
        // Mandatory: if the queue were missing the publish fails (and is retried) instead of vanishing.
        await PublishAsync("", BusTopology.DeadLetterQueue, true, properties, message.Body, cancellationToken);
    }

    /// <summary>Replies only to a queue of the sender's own namespace (BusReplies); any other reply_to gets nothing.</summary>
    public async Task ReplyAsync(BusCommandEnvelope message, BusUser? sender, CommandOutcome outcome, CancellationToken cancellationToken)
    {
        if (message.Properties.ReplyTo is not { Length: > 0 } replyTo || sender is null || !BusReplies.MayReplyTo(sender, replyTo))
        {
            return;
        }
        var properties = new BasicProperties
        {
            ContentType = "application/json",
            Type = "CommandReply",
            CorrelationId = message.Properties.CorrelationId ?? message.MessageId,
            MessageId = Guid.NewGuid().ToString(),
        };
        // Not mandatory: a client that went away with its reply queue loses only its own answer.
        await PublishAsync("", replyTo, false, properties, CommandReply.Of(outcome).ToUtf8(), cancellationToken);
    }

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
