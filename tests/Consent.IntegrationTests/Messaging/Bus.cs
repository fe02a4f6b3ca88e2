using System.Text;
using System.Text.Json;
using Consent.IntegrationTests.Infrastructure;
using RabbitMQ.Client;

namespace Consent.IntegrationTests.Messaging;

/// <summary>A hospital system's side of the bus: connect as a broker user and send commands.</summary>
public static class Bus
{
    public const string Commands = "consent.commands";
    public const string DeadLetters = "consent.commands.dead";
    public const string Events = "consent.events";

    /// <summary>Connects as the given broker user (the suite's admin user "consent" by default).</summary>
    /// <summary>Closes a channel and its connection that may already be broken (a broker restart): gone either way.</summary>
    public static async Task CloseQuietlyAsync(IChannel? channel, IConnection? connection)
    {
        try
        {
            if (channel is not null)
            {
                await channel.DisposeAsync();
            }
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
        catch (Exception)
        {
            // Already broken: nothing to close.
        }
    }

    public static Task<IConnection> ConnectAsync(string user = "consent")
    {
        var uri = new UriBuilder(TestEnvironment.RabbitUri);
        if (user != "consent")
        {
            (uri.UserName, uri.Password) = (user, user);
        }
        return new ConnectionFactory { Uri = uri.Uri, AutomaticRecoveryEnabled = false }.CreateConnectionAsync();
    }

    /// <summary>A channel whose publishes return once the broker has the message.</summary>
    public static Task<IChannel> ConfirmedChannelAsync(this IConnection connection) =>
        connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));

    /// <summary>An exclusive queue for replies in the sender's own namespace his.&lt;user&gt;.*, the only place replies go.</summary>
    public static async Task<string> ReplyQueueAsync(this IChannel channel, string user) =>
        (await channel.QueueDeclareAsync($"his.{user}.replies-{Guid.NewGuid():N}", durable: false, exclusive: true, autoDelete: true)).QueueName;

    /// <summary>Publishes a command as a HIS would: type, message_id and user_id set, JSON body.</summary>
    public static async Task SendAsync(
        this IChannel channel, string user, string? type, string? messageId, object body, string? replyTo = null, string? correlationId = null)
    {
        var properties = new BasicProperties
        {
            Persistent = true,
            ContentType = "application/json",
            Type = type,
            MessageId = messageId,
            UserId = user,
            ReplyTo = replyTo,
            CorrelationId = correlationId,
        };
        var bytes = body is string raw ? Encoding.UTF8.GetBytes(raw) : JsonSerializer.SerializeToUtf8Bytes(body);
        await channel.BasicPublishAsync(Commands, "command", true, properties, bytes);
    }

    public static string NewMessageId() => $"test-{Guid.NewGuid():N}";

    /// <summary>Polls until the check holds, or fails the test after the timeout.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0}s waiting for {what}.");
            }
            await Task.Delay(200);
        }
    }
}
