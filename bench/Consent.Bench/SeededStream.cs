using System.Text.Json;
using Consent.Service.Auditing;
using Consent.Service.EventStore;
using Consent.Service.Patients;

namespace Consent.Bench;

/// <summary>One event as the append would store it (its global position is given when its chunk is ordered).</summary>
internal sealed record SeededEvent(Guid EventId, long Version, string Type, string Data, string Metadata, byte[] Hash);

/// <summary>
/// Everything the service's append (append_events) would store for a patient's first append, computed
/// here instead of in the database: the events with their hash chain, the streams row (version and head
/// hash) and the inline view's state. Positions are not part of the hashed bytes, so streams can be
/// built in parallel and numbered afterwards.
/// </summary>
internal sealed record SeededStream(string StreamId, DateTimeOffset RecordedAt, IReadOnlyList<SeededEvent> Events, byte[] HeadHash, string ViewState, string Target)
{
    public long Version => Events.Count;

    public static SeededStream Build(BenchPopulation population, int index, DateTimeOffset now)
    {
        // As stored (to the microsecond), as PostgresEventStore truncates before hashing.
        var recordedAt = StorePrecision.Truncate(now);
        var (patient, commands, target) = population.Patient(index, recordedAt);
        var streamId = PatientStreams.IdOf(patient);
        var (decided, state) = BenchPopulation.Decide(patient, commands, recordedAt);

        var events = new List<SeededEvent>(decided.Count);
        byte[] head = HashChain.Genesis.ToArray();
        foreach (var (e, metadata) in decided)
        {
            var eventId = Guid.CreateVersion7(recordedAt);
            var version = events.Count + 1L;
            var type = PatientEventTypes.NameOf(e);
            var data = PatientEventTypes.Serialize(e);
            // Serialised once for the row and its hash, as the append does.
            var metadataElement = JsonSerializer.SerializeToElement(metadata, StoreJson.Options);
            head = HashChain.Next(head, EventCanonical.Of(eventId, streamId, version, type, data, metadataElement, recordedAt));
            events.Add(new SeededEvent(eventId, version, type, data.GetRawText(), metadataElement.GetRawText(), head));
        }
        return new SeededStream(streamId, recordedAt, events, head, StoreJson.ToElement(state).GetRawText(), target);
    }
}
