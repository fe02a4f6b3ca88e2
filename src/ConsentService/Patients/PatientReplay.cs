using Consent.Service.EventStore;

namespace Consent.Service.Patients;

/// <summary>Replays stored events through the pure evolution, keeping the store's version and position beside the state.</summary>
public static class PatientReplay
{
    public static PatientSnapshot Fold(IEnumerable<StoredEvent> events) =>
        events.Aggregate(PatientSnapshot.Initial, Apply);

    public static PatientSnapshot Apply(PatientSnapshot snapshot, StoredEvent stored) => new(
        PatientEvolution.Evolve(snapshot.State, PatientEventTypes.Deserialize(stored.Type, stored.Data), ContextOf(stored)),
        stored.Version, stored.Position, stored.RecordedAt);

    public static EventContext ContextOf(StoredEvent stored) => new(stored.RecordedAt, stored.Metadata.Actor);
}
