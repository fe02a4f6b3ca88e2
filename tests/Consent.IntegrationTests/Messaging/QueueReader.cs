using System.Text;
using System.Text.Json;
using RabbitMQ.Client;

namespace Consent.IntegrationTests.Messaging;

/// <summary>A message as a consumer sees it: routing key, the properties a client checks, and the body.</summary>
public sealed record ReceivedMessage(string RoutingKey, IReadOnlyBasicProperties Properties, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    public string? Header(string name) =>
        Properties.Headers is { } headers && headers.TryGetValue(name, out var value)
            ? value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : value?.ToString()
            : null;
}

/// <summary>
/// Reads a queue with basic.get, remembering everything read: on a connection of its own as the
/// suite's admin user, or made by <paramref name="connect"/> (connecting again after a broker restart,
/// so a test can read across an outage), or on the given connection (for a client's exclusive reply queue).
/// </summary>
public sealed class QueueReader(string queue, IConnection? shared = null, Func<Task<IConnection>>? connect = null) : IAsyncDisposable
{
    private readonly List<ReceivedMessage> received = [];
    private IConnection? connection;
    private IChannel? channel;

    public string Queue => queue;

    /// <summary>A durable queue of the test's own bound to consent.events, kept across a broker restart.</summary>
    public static async Task<QueueReader> BindToEventsAsync()
    {
        var reader = new QueueReader($"test.events.{Guid.NewGuid():N}");
        var ch = await reader.ChannelAsync();
        await ch.QueueDeclareAsync(reader.Queue, durable: true, exclusive: false, autoDelete: false);
        await ch.QueueBindAsync(reader.Queue, Bus.Events, "patient.#");
        return reader;
    }

    /// <summary>Everything read so far plus whatever is waiting now.</summary>
    public async Task<IReadOnlyList<ReceivedMessage>> ReadAsync()
    {
        try
        {
            var ch = await ChannelAsync();
            while (await ch.BasicGetAsync(queue, autoAck: true) is { } got)
            {
                received.Add(new ReceivedMessage(got.RoutingKey, got.BasicProperties, Encoding.UTF8.GetString(got.Body.Span)));
            }
        }
        catch (Exception e) when (!IsRefusal(e))
        {
            // The broker is away (or restarting): read again later on a new connection.
            await CloseAsync();
        }
        return received.ToList();
    }

    /// <summary>
    /// The broker answered, and said no (no such queue, access refused): that is the test's error, never
    /// an outage to wait out, or a reader of a queue it cannot read would report it empty.
    /// </summary>
    private static bool IsRefusal(Exception e) =>
        e is RabbitMQ.Client.Exceptions.OperationInterruptedException { ShutdownReason.ReplyCode: 403 or 404 or 405 or 406 };

    private async Task<IChannel> ChannelAsync()
    {
        if (channel is { IsOpen: true })
        {
            return channel;
        }
        await CloseAsync();
        connection = shared ?? await (connect ?? (() => Bus.ConnectAsync()))();
        channel = await connection.CreateChannelAsync();
        return channel;
    }

    private async Task CloseAsync()
    {
        await Bus.CloseQuietlyAsync(channel, connection == shared ? null : connection);
        (connection, channel) = (null, null);
    }

    public async ValueTask DisposeAsync()
    {
        if (shared is null && queue.StartsWith("test.", StringComparison.Ordinal))
        {
            try
            {
                await (await ChannelAsync()).QueueDeleteAsync(queue);
            }
            catch (Exception)
            {
                // Best effort: the suite's broker is thrown away after the run anyway.
            }
        }
        await CloseAsync();
    }
}
