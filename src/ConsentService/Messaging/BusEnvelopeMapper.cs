using System.Text;
using RabbitMQ.Client;
using Wolverine;
using Wolverine.RabbitMQ.Internal;

namespace Consent.Service.Messaging;

/// <summary>
/// Wolverine's envelope mapping for senders that do not speak Wolverine: every delivery on
/// consent.commands becomes one BusCommandEnvelope, whatever its AMQP type, so that a wrong or missing
/// type is refused by CommandTranslator with its reason instead of by the transport. The message is
/// set here, so Wolverine deserialises nothing. Only the sender's W3C trace is read from the headers.
/// </summary>
public sealed class BusEnvelopeMapper : IRabbitMqEnvelopeMapper
{
    public static readonly string MessageTypeName = typeof(BusCommandEnvelope).FullName!;

    public void MapIncomingToEnvelope(Envelope envelope, IReadOnlyBasicProperties incoming)
    {
        // A sender's message_id is not a Guid and is checked per sender by CommandTranslator: Wolverine gets an id of its own.
        envelope.Id = Guid.NewGuid();
        envelope.MessageType = MessageTypeName;
        envelope.ContentType = "application/json";
        envelope.Message = new BusCommandEnvelope(envelope.Data ?? [], new BasicProperties(incoming));
        if (incoming.Headers?.TryGetValue("traceparent", out var trace) == true)
        {
            envelope.ParentId = trace is byte[] bytes ? Encoding.UTF8.GetString(bytes) : trace?.ToString();
        }
    }

    // Nothing is sent through Wolverine: dead letters and replies go out through BusResponder.
    public void MapEnvelopeToOutgoing(Envelope envelope, IBasicProperties outgoing) =>
        throw new NotSupportedException("consent.commands is a listening endpoint only.");
}
