using System.Text;
using Consent.IntegrationTests.Messaging;
using RabbitMQ.Client;

namespace Consent.IntegrationTests.Faults;

/// <summary>
/// Reads a queue of a fault's vhost with basic.get as the admin user, remembering everything read and
/// connecting again after a broker restart, so a fault can read across its own outage.
/// </summary>
public sealed class VhostQueue(FaultVhost vhost, string queue) : IAsyncDisposable
{
    public string Queue => queue;

    private readonly List<ReceivedMessage> received = [];
    private IConnection? connection;
    private IChannel? channel;

    /// <summary>A durable queue bound to consent.events with patient.#, declared before any load so it misses nothing.</summary>
    public static async Task<VhostQueue> BindToEventsAsync(FaultVhost vhost)
    {
        var reader = new VhostQueue(vhost, $"fault.events.{Guid.NewGuid():N}");
        var ch = await reader.ChannelAsync();
        await ch.ExchangeDeclareAsync(Bus.Events, ExchangeType.Topic, durable: true, autoDelete: false);
        await ch.QueueDeclareAsync(reader.Queue, durable: true, exclusive: false, autoDelete: false);
        await ch.QueueBindAsync(reader.Queue, Bus.Events, "patient.#");
        return reader;
    }

    /// <summary>Everything read so far plus whatever is waiting now (what was read if the broker is away).</summary>
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
        catch (Exception)
        {
            await CloseAsync();
        }
        return received;
    }

    private async Task<IChannel> ChannelAsync()
    {
        if (channel is { IsOpen: true })
        {
            return channel;
        }
        await CloseAsync();
        connection = await vhost.ConnectAsync();
        channel = await connection.CreateChannelAsync();
        return channel;
    }

    private async Task CloseAsync()
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
            // Already broken.
        }
        (connection, channel) = (null, null);
    }

    public async ValueTask DisposeAsync() => await CloseAsync();
}
