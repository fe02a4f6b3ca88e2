namespace Consent.Service.Patients;

/// <summary>
/// A patient's state as the store holds it: the domain state, and around it what only the store knows
/// (the stream's version, the global position of its last event, when that was recorded).
/// </summary>
public sealed record PatientSnapshot(PatientState State, long Version, long Position, DateTimeOffset? LastRecordedAt)
{
    public static readonly PatientSnapshot Initial = new(PatientState.Initial, 0, 0, null);

    /// <summary>
    /// The instant a question about now is evaluated at: now, or just after the last change when that was recorded
    /// later. A replica whose clock runs ahead records its changes in this one's future (a relation ended "at" its
    /// now); a decision about now must not see such an acknowledged change as still to come. The recorded instant
    /// is cut to the microsecond and the change's own instants are not, so "just after" is the next microsecond.
    /// </summary>
    public DateTimeOffset NotBeforeLastChange(DateTimeOffset now) =>
        LastRecordedAt is { } last && last >= now ? last.AddTicks(TimeSpan.TicksPerMicrosecond) : now;
}
