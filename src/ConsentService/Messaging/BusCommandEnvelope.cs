using RabbitMQ.Client;

namespace Consent.Service.Messaging;

/// <summary>
/// A hospital system's plain AMQP message as the handler gets it: the raw body and a copy of its
/// properties (type, message_id, user_id, reply_to, correlation_id, content_type, headers). Nothing
/// is decided by the transport: BusEnvelopeMapper only copies, and CommandTranslator reads the body
/// and properties by the sender's rules.
/// </summary>
public sealed record BusCommandEnvelope(byte[] Body, BasicProperties Properties)
{
    public string? MessageId => Properties.MessageId is { Length: > 0 } id ? id : null;

    public string? CommandName => Properties.Type;

    public string? UserId => Properties.UserId;

    // The body may name a patient: never print it (Wolverine or a logger may call ToString).
    public override string ToString() => $"{nameof(BusCommandEnvelope)} {CommandName}";
}
