using System.Diagnostics;
using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Consent.Service.Messaging;

/// <summary>
/// A delivery copied out of the client's buffers (its body is only valid during the delivery
/// callback), with the channel that delivered it: an ack is only valid on that channel.
/// </summary>
/// <param name="TraceParent">The sender's trace, so that handling the command continues it across the lanes.</param>
public sealed record InboundMessage(IChannel Channel, ulong DeliveryTag, bool Redelivered, byte[] Body, BasicProperties Properties, ActivityContext TraceParent = default)
{
    public static InboundMessage From(IChannel channel, BasicDeliverEventArgs delivery) =>
        new(channel, delivery.DeliveryTag, delivery.Redelivered, delivery.Body.ToArray(), new BasicProperties(delivery.BasicProperties),
            Activity.Current?.Context ?? SentTrace(delivery.BasicProperties));

    // Without a listener on RabbitMQ.Client's own source there is no current activity: read the W3C
    // header the sender's client set.
    private static ActivityContext SentTrace(IReadOnlyBasicProperties properties) =>
        properties.Headers?.TryGetValue("traceparent", out var value) == true
            && ActivityContext.TryParse(value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : value?.ToString(), null, out var context)
            ? context
            : default;

    public string? MessageId => Properties.MessageId is { Length: > 0 } id ? id : null;

    public string? CommandName => Properties.Type;

    public string? UserId => Properties.UserId;
}
