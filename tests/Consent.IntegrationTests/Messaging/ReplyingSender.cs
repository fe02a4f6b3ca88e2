using RabbitMQ.Client;

namespace Consent.IntegrationTests.Messaging;

/// <summary>
/// A sender as a hospital system (or the authentic source) runs one: its broker user's connection, a confirmed
/// channel and an exclusive reply queue of its own namespace, for tests that send commands and read the replies.
/// </summary>
public sealed class ReplyingSender : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly IConnection connection;
    private readonly IChannel channel;
    private readonly QueueReader replies;

    private ReplyingSender(string user, IConnection connection, IChannel channel, string replyQueue)
    {
        (User, this.connection, this.channel) = (user, connection, channel);
        replies = new QueueReader(replyQueue, connection);
    }

    public string User { get; }

    public static async Task<ReplyingSender> OpenAsync(string user)
    {
        var connection = await Bus.ConnectAsync(user);
        var channel = await connection.ConfirmedChannelAsync();
        return new ReplyingSender(user, connection, channel, await channel.ReplyQueueAsync(user));
    }

    /// <summary>Sends a command with a new message id, asking for its reply under <paramref name="correlationId"/>.</summary>
    public Task SendAsync(string type, object body, string? correlationId = null) =>
        channel.SendAsync(User, type, Bus.NewMessageId(), body, replies.Queue, correlationId);

    /// <summary>The replies so far, once there are at least <paramref name="count"/>, in the order they came.</summary>
    public Task<IReadOnlyList<ReceivedMessage>> RepliesAsync(int count, string what) =>
        Bus.EventuallyAsync(replies.ReadAsync, all => all.Count >= count, Timeout, what);

    public async ValueTask DisposeAsync()
    {
        await replies.DisposeAsync();
        await channel.DisposeAsync();
        await connection.DisposeAsync();
    }
}
