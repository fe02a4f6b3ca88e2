namespace Consent.Service.Auditing;

/// <summary>What checking one stream's chain found. Version and head hash are the stream's as recorded.</summary>
public sealed record StreamIntegrity(string StreamId, long Version, string HeadHash, bool Verified, long? FirstBrokenVersion);

/// <summary>
/// Replays one stream's chain, fed its rows in version order. The first broken version is the first
/// that is missing, whose stored hash is not the one its content and predecessor give, or, past the
/// last event, where the stream's recorded version or head hash no longer match its events (an event
/// removed from the end, or one added behind the append's back).
/// </summary>
public sealed class StreamChainCheck(string streamId)
{
    private byte[] head = HashChain.Genesis.ToArray();
    private byte[] storedHead = HashChain.Genesis.ToArray();
    private long lastVersion;
    private long? broken;

    public string StreamId => streamId;

    public int Events { get; private set; }

    public void Add(long version, byte[] canonical, byte[]? storedHash)
    {
        Events++;
        if (broken is null)
        {
            if (version != lastVersion + 1)
            {
                broken = lastVersion + 1;
            }
            else
            {
                head = HashChain.Next(head, canonical);
                if (storedHash is null || !head.AsSpan().SequenceEqual(storedHash))
                {
                    broken = version;
                }
            }
        }
        lastVersion = version;
        storedHead = storedHash ?? [];
    }

    public StreamIntegrity Finish(long recordedVersion, byte[] recordedHead)
    {
        if (broken is null && (lastVersion != recordedVersion || !storedHead.AsSpan().SequenceEqual(recordedHead)))
        {
            broken = Math.Min(lastVersion, recordedVersion) + 1;
        }
        return new StreamIntegrity(streamId, recordedVersion, HashChain.Hex(recordedHead), broken is null, broken);
    }
}
