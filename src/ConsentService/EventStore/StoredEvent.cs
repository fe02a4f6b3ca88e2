using System.Text.Json;

namespace Consent.Service.EventStore;

/// <summary>An event as the store keeps it: its data is still JSON, its type a stable name.</summary>
public sealed record StoredEvent(
    long Position,
    Guid EventId,
    string StreamId,
    long Version,
    string Type,
    JsonElement Data,
    EventMetadata Metadata,
    DateTimeOffset RecordedAt);

/// <summary>An event about to be appended.</summary>
public sealed record NewEvent(Guid EventId, string Type, JsonElement Data, EventMetadata Metadata);

/// <summary>What an append produced: the stream's new version and the events' global positions.</summary>
public sealed record AppendResult(long NewVersion, long FirstPosition, long LastPosition);

/// <summary>The inline read model written in the append's own transaction.</summary>
public sealed record InlineView(string ViewType, JsonElement State);
