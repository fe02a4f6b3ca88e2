namespace Consent.Service.Patients;

/// <summary>
/// A patient's state as the store holds it: the domain state, and around it what only the store knows
/// (the stream's version, the global position of its last event, when that was recorded).
/// </summary>
public sealed record PatientSnapshot(PatientState State, long Version, long Position, DateTimeOffset? LastRecordedAt)
{
    public static readonly PatientSnapshot Initial = new(PatientState.Initial, 0, 0, null);
}
