using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Consent.Service.Auditing;

/// <summary>
/// The bytes an event's hash is taken over, defined here and nowhere else: a canonical JSON object of
/// its id, stream, version, type, data, metadata and recording instant. The appender computes them
/// from what it is about to store and the verifiers from what was stored (or exported); both give the
/// same bytes because data and metadata go through <see cref="CanonicalJson"/> and the instant is
/// written to the microsecond, as PostgreSQL keeps it.
/// </summary>
public static class EventCanonical
{
    public static byte[] Of(Guid eventId, string streamId, long version, string type, JsonElement data, JsonElement metadata, DateTimeOffset recordedAt)
    {
        var output = new ArrayBufferWriter<byte>(256);
        // Keys in ordinal order, as CanonicalJson orders every object.
        CanonicalJson.Raw(output, "{\"data\":");
        CanonicalJson.Write(data, output);
        CanonicalJson.Raw(output, ",\"id\":");
        CanonicalJson.WriteString(eventId.ToString("D"), output);
        CanonicalJson.Raw(output, ",\"metadata\":");
        CanonicalJson.Write(metadata, output);
        CanonicalJson.Raw(output, ",\"recordedAt\":");
        CanonicalJson.WriteString(StorePrecision.Format(recordedAt), output);
        CanonicalJson.Raw(output, ",\"stream\":");
        CanonicalJson.WriteString(streamId, output);
        CanonicalJson.Raw(output, ",\"type\":");
        CanonicalJson.WriteString(type, output);
        CanonicalJson.Raw(output, ",\"version\":");
        CanonicalJson.Raw(output, version.ToString(CultureInfo.InvariantCulture));
        CanonicalJson.Raw(output, "}");
        return output.WrittenSpan.ToArray();
    }

    /// <summary>The same bytes from the text of the jsonb columns, as a reader of the table has them.</summary>
    public static byte[] Of(Guid eventId, string streamId, long version, string type, string data, string metadata, DateTimeOffset recordedAt)
    {
        using var dataDocument = JsonDocument.Parse(data);
        using var metadataDocument = JsonDocument.Parse(metadata);
        return Of(eventId, streamId, version, type, dataDocument.RootElement, metadataDocument.RootElement, recordedAt);
    }
}
