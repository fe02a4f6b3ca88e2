using System.Text.Json;
using Consent.Service.EventStore;
using Npgsql;

namespace Consent.Service.Auditing;

/// <summary>An events row as the hash chain sees it: what the canonical bytes are made of, and the stored hash.</summary>
public sealed record ChainedEventRow(
    long Position, Guid EventId, string StreamId, long Version, string Type, string Data, string Metadata, DateTimeOffset RecordedAt, byte[]? Hash)
{
    /// <summary>The columns <see cref="Read"/> expects, in its order.</summary>
    public const string Columns = "position, event_id, stream_id, version, type, data::text, metadata::text, recorded_at, hash";

    /// <summary>The same columns of a table aliased <paramref name="alias"/> in a join.</summary>
    public static string ColumnsOf(string alias) => string.Join(", ", Columns.Split(", ").Select(c => $"{alias}.{c}"));

    public byte[] Canonical() => EventCanonical.Of(EventId, StreamId, Version, Type, Data, Metadata, RecordedAt);

    public StoredEvent ToStored()
    {
        using var data = JsonDocument.Parse(Data);
        return new StoredEvent(Position, EventId, StreamId, Version, Type, data.RootElement.Clone(),
            JsonSerializer.Deserialize<EventMetadata>(Metadata, StoreJson.Options) ?? throw new JsonException("Event without metadata."), RecordedAt);
    }

    public static ChainedEventRow Read(NpgsqlDataReader reader, int first = 0) => new(
        reader.GetInt64(first),
        reader.GetGuid(first + 1),
        reader.GetString(first + 2),
        reader.GetInt64(first + 3),
        reader.GetString(first + 4),
        reader.GetString(first + 5),
        reader.GetString(first + 6),
        reader.GetFieldValue<DateTimeOffset>(first + 7),
        reader.IsDBNull(first + 8) ? null : reader.GetFieldValue<byte[]>(first + 8));
}
