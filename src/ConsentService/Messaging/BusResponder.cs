using RabbitMQ.Client;

namespace Consent.Service.Messaging;

/// <summary>
/// Publishes what the consumer says back: dead letters (with x-reason-code and x-reason) and replies.
/// Uses one channel with publisher confirms, so that a dead letter is safely in its queue before the
/// original is acknowledged. Publishing is serialised: one channel, one publisher at a time.
/// </summary>
public sealed class BusResponder(IChannel channel) : IAsyncDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public static async Task<BusResponder> OpenAsync(IConnection connection, CancellationToken cancellationToken) =>
        new(await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken));

    public async Task DeadLetterAsync(InboundMessage message, CommandOutcome outcome, CancellationToken cancellationToken)
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
    public async Task ReplyAsync(InboundMessage message, BusUser? sender, CommandOutcome outcome, CancellationToken cancellationToken)
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
            await channel.BasicPublishAsync(exchange, routingKey, mandatory, properties, body, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await channel.DisposeAsync();
        gate.Dispose();
    }

}
