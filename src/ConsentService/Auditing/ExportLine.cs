using System.Text.Json;
using Consent.Service.EventStore;

namespace Consent.Service.Auditing;

/// <summary>
/// One event of an NDJSON export: everything its canonical bytes are made of (event id, stream,
/// version, type, data, metadata, recorded instant to the microsecond) and its stored hash, so that
/// the chain can be checked offline (verify-export); actor and channel repeat the metadata's for readers.
/// </summary>
public sealed record ExportLine(
    long Version,
    long Position,
    Guid EventId,
    string Stream,
    string Type,
    string RecordedAt,
    ActorRef Actor,
    string Channel,
    JsonElement Metadata,
    JsonElement Data,
    string Hash)
{
    public static ExportLine From(ChainedEventRow row)
    {
        using var metadata = JsonDocument.Parse(row.Metadata);
        using var data = JsonDocument.Parse(row.Data);
        var meta = metadata.RootElement.Deserialize<EventMetadata>(StoreJson.Options)!;
        return new ExportLine(row.Version, row.Position, row.EventId, row.StreamId, row.Type, StorePrecision.Format(row.RecordedAt),
            meta.Actor, meta.Channel, metadata.RootElement.Clone(), data.RootElement.Clone(), HashChain.Hex(row.Hash ?? []));
    }

    public byte[] Canonical() =>
        EventCanonical.Of(EventId, Stream, Version, Type, Data, Metadata, DateTimeOffset.Parse(RecordedAt, System.Globalization.CultureInfo.InvariantCulture));
}
