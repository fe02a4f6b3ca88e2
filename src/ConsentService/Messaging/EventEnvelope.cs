using System.Text.Json;
using System.Text.Json.Serialization;
using Consent.Service.EventStore;
using Consent.Service.Patients;
using RabbitMQ.Client;

namespace Consent.Service.Messaging;

/// <summary>
/// An event as the bus carries it (api.md): routing key patient.&lt;event-type&gt;, persistent,
/// message_id = event id (consumers deduplicate on it: delivery is at least once), and the body
/// {eventId, type, patient, version, position, recordedAt, actor, channel, data}.
/// </summary>
public sealed record EventEnvelope(
    Guid EventId, string Type, string Patient, long Version, long Position, DateTimeOffset RecordedAt, EnvelopeActor Actor, string Channel, JsonElement Data)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static EventEnvelope Of(StoredEvent e) => new(
        e.EventId,
        e.Type,
        PatientStreams.PatientOf(e.StreamId),
        e.Version,
        e.Position,
        e.RecordedAt.ToUniversalTime(),
        EnvelopeActor.Of(e.Metadata.Actor),
        e.Metadata.Channel,
        Public(e.Type, e.Data));

    // An exclusion's reason is the patient's own words: it never leaves the service on the bus.
    private static JsonElement Public(string type, JsonElement data)
    {
        if (type != "exclusion-added" || data.ValueKind != JsonValueKind.Object)
        {
            return data;
        }
        var kept = new Dictionary<string, JsonElement>();
        foreach (var member in data.EnumerateObject())
        {
            if (!member.NameEquals("reason"))
            {
                kept[member.Name] = member.Value;
            }
        }
        return JsonSerializer.SerializeToElement(kept);
    }

    public string RoutingKey => $"patient.{Type}";

    public BasicProperties Properties(StoredEvent e) => new()
    {
        Persistent = true,
        MessageId = EventId.ToString(),
        ContentType = "application/json",
        Type = Type,
        CorrelationId = e.Metadata.CorrelationId,
        Timestamp = new AmqpTimestamp(RecordedAt.ToUnixTimeSeconds()),
        AppId = "consent-service",
    };

    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(this, Json);
}

/// <summary>Who caused the event; onBehalfOf only when a representative acted for the patient.</summary>
public sealed record EnvelopeActor(string Kind, string? Id, string? OnBehalfOf)
{
    // Hospitals read these events: a representative's own INSS is another person's data (api.md), so the event says
    // a representative acted for the patient, not who. The patient's history keeps who.
    public static EnvelopeActor Of(ActorRef actor) =>
        new(actor.Kind, actor.Kind == ActorKinds.Representative ? null : actor.Id, actor.OnBehalfOf);
}
