using Consent.IntegrationTests.Messaging;
using RabbitMQ.Client;

namespace Consent.IntegrationTests.Faults;

/// <summary>
/// Queue readers on a fault's vhost (as the admin user): a QueueReader that connects there, and again
/// after a broker restart, so a fault can read across its own outage.
/// </summary>
public static class VhostQueue
{
    public static QueueReader Of(FaultVhost vhost, string queue) => new(queue, connect: () => vhost.ConnectAsync());

    /// <summary>A durable queue bound to consent.events with patient.#, declared before any load so it misses nothing.</summary>
    public static async Task<QueueReader> BindToEventsAsync(FaultVhost vhost)
    {
        var queue = $"fault.events.{Guid.NewGuid():N}";
        await using (var connection = await vhost.ConnectAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            await channel.ExchangeDeclareAsync(Bus.Events, ExchangeType.Topic, durable: true, autoDelete: false);
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
            await channel.QueueBindAsync(queue, Bus.Events, "patient.#");
        }
        return Of(vhost, queue);
    }
}
