using System.Text.Json;
using Npgsql;

namespace Consent.Service.EventStore;

/// <summary>Maps rows of the events table (in the column order every reader selects) to stored events.</summary>
internal static class EventRows
{
    public const string Columns = "position, event_id, stream_id, version, type, data, metadata, recorded_at";

    public static async Task<IReadOnlyList<StoredEvent>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var events = new List<StoredEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(Read(reader, 0));
        }
        return events;
    }

    public static StoredEvent Read(NpgsqlDataReader reader, int first)
    {
        using var data = JsonDocument.Parse(reader.GetString(first + 5));
        var metadata = JsonSerializer.Deserialize<EventMetadata>(reader.GetString(first + 6), StoreJson.Options)
            ?? throw new JsonException("Event without metadata.");
        return new StoredEvent(
            reader.GetInt64(first),
            reader.GetGuid(first + 1),
            reader.GetString(first + 2),
            reader.GetInt64(first + 3),
            reader.GetString(first + 4),
            data.RootElement.Clone(),
            metadata,
            new DateTimeOffset(reader.GetDateTime(first + 7), TimeSpan.Zero));
    }
}
