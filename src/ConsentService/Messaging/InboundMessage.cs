using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Consent.Service.Messaging;

/// <summary>
/// A delivery copied out of the client's buffers (its body is only valid during the delivery
/// callback), with the channel that delivered it: an ack is only valid on that channel.
/// </summary>
public sealed record InboundMessage(IChannel Channel, ulong DeliveryTag, bool Redelivered, byte[] Body, BasicProperties Properties)
{
    public static InboundMessage From(IChannel channel, BasicDeliverEventArgs delivery) =>
        new(channel, delivery.DeliveryTag, delivery.Redelivered, delivery.Body.ToArray(), new BasicProperties(delivery.BasicProperties));

    public string? MessageId => Properties.MessageId is { Length: > 0 } id ? id : null;

    public string? CommandName => Properties.Type;

    public string? UserId => Properties.UserId;
}
