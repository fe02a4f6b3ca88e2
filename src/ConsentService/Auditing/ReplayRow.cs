using System.Text.Json;
using Consent.Service.EventStore;
using Consent.Service.Patients;
using Npgsql;

namespace Consent.Service.Auditing;

/// <summary>
/// One event as the view rebuild needs it: only what the evolution reads (type, data, instant, actor)
/// and, on a stream's last event, the stored inline view. Leaner than a StoredEvent: the rebuild reads
/// every event of the store, and the metadata it does not need is most of an event's bytes.
/// </summary>
/// <remarks>
/// The event's data and the view's state stay the UTF-8 PostgreSQL sent: as .NET strings, each was decoded
/// from UTF-8 only to be encoded back for the JSON reader, and took twice the memory.
/// </remarks>
internal sealed record ReplayRow(string StreamId, long Version, long Position, string Type, byte[] Data, string Actor, DateTimeOffset RecordedAt, StoredView? View)
{
    /// <summary>
    /// Rows of the patient streams in stream and version order, with the view beside the last event; from
    /// <c>@lower</c> (inclusive) and up to <c>@upper</c> (exclusive) when given. Each table gets the range:
    /// PostgreSQL carries a join's equality over to the other tables, not a range.
    /// </summary>
    public static string Query(bool lower, bool upper)
    {
        string Range(string column) => (lower ? $" and {column} >= @lower" : "") + (upper ? $" and {column} < @upper" : "");
        return $"""
            select e.stream_id, e.version, e.position, e.type, e.data, (e.metadata->'actor')::text, e.recorded_at,
                   case when e.version = s.version then v.state end, v.version, v.position, v.recorded_at
            from events e join streams s on s.stream_id = e.stream_id{Range("s.stream_id")}
            left join inline_views v on v.stream_id = e.stream_id{Range("v.stream_id")}
            where e.stream_id {ViewRebuilder.PatientStreamsOnly}{Range("e.stream_id")}
            order by e.stream_id, e.version
            """;
    }

    public static ReplayRow Read(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3), reader.GetFieldValue<byte[]>(4), reader.GetString(5),
        reader.GetFieldValue<DateTimeOffset>(6),
        reader.IsDBNull(7) || reader.IsDBNull(8) ? null
            : new StoredView(reader.GetInt64(8), reader.GetInt64(9), reader.GetFieldValue<DateTimeOffset>(10), reader.GetFieldValue<byte[]>(7)));

    /// <summary>The snapshot after this event, through the same evolution the appends use.</summary>
    /// <param name="actors">Actors already read, by their JSON: a store's events come from far fewer actors than events.</param>
    public PatientSnapshot ApplyTo(PatientSnapshot before, Dictionary<string, ActorRef> actors)
    {
        if (!actors.TryGetValue(Actor, out var actor))
        {
            actor = JsonSerializer.Deserialize<ActorRef>(Actor, StoreJson.Options) ?? throw new JsonException("Event without an actor.");
            // Bounded: patients acting for themselves are as many as the streams.
            if (actors.Count < 100_000)
            {
                actors[Actor] = actor;
            }
        }
        var evolved = PatientEvolution.Evolve(before.State, PatientEventTypes.Deserialize(Type, Data), new EventContext(RecordedAt, actor));
        return new PatientSnapshot(evolved, Version, Position, RecordedAt);
    }
}
