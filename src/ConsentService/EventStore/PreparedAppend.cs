using System.Text.Json;

namespace Consent.Service.EventStore;

/// <summary>
/// One append as PostgreSQL takes it: the events' columns and their canonical bytes, computed on the caller's
/// thread (hashing and serialising are the append's share of the service's CPU) whether it goes alone or in a batch.
/// </summary>
public sealed class PreparedAppend
{
    private PreparedAppend(
        string streamId, long expectedVersion, DateTimeOffset recordedAt, Guid[] ids, string[] types, string[] data,
        string[] metadata, byte[][] canonical, InlineView? view, IdempotencyRow? remember)
    {
        StreamId = streamId;
        ExpectedVersion = expectedVersion;
        RecordedAt = recordedAt;
        Ids = ids;
        Types = types;
        Data = data;
        Metadata = metadata;
        Canonical = canonical;
        View = view;
        Remember = remember;
    }

    public string StreamId { get; }
    public long ExpectedVersion { get; }
    public DateTimeOffset RecordedAt { get; }
    public Guid[] Ids { get; }
    public string[] Types { get; }
    public string[] Data { get; }
    public string[] Metadata { get; }
    public byte[][] Canonical { get; }
    public InlineView? View { get; }
    public IdempotencyRow? Remember { get; }

    public int Count => Ids.Length;

    public static PreparedAppend Of(
        string streamId, long expectedVersion, DateTimeOffset recordedAt, IReadOnlyList<NewEvent> events, InlineView? view, IdempotencyRow? remember)
    {
        if (events.Count == 0)
        {
            throw new ArgumentException("An append needs at least one event.", nameof(events));
        }
        // Hashed as stored: to the microsecond, metadata serialised once for the row and its hash.
        recordedAt = Auditing.StorePrecision.Truncate(recordedAt);
        var metadata = events.Select(e => JsonSerializer.SerializeToElement(e.Metadata, StoreJson.Options)).ToArray();
        return new PreparedAppend(
            streamId, expectedVersion, recordedAt,
            [.. events.Select(e => e.EventId)],
            [.. events.Select(e => e.Type)],
            [.. events.Select(e => e.Data.GetRawText())],
            [.. metadata.Select(m => m.GetRawText())],
            [.. events.Select((e, i) => Auditing.EventCanonical.Of(e.EventId, streamId, expectedVersion + i + 1, e.Type, e.Data, metadata[i], recordedAt))],
            view, remember);
    }
}
