namespace Consent.Service.EventStore;

/// <summary>The stream moved on since the caller read it; nothing was written.</summary>
public sealed class VersionConflictException(string streamId, long expectedVersion, Exception? inner = null)
    // The stream id names the patient: messages, which end up in logs, carry its pseudonym instead.
    : Exception($"The stream is no longer at version {expectedVersion}.", inner)
{
    public string StreamId { get; } = streamId;
    public long ExpectedVersion { get; } = expectedVersion;
}
