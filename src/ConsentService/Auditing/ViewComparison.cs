using System.Text.Json;
using Consent.Service.EventStore;
using Consent.Service.Patients;

namespace Consent.Service.Auditing;

/// <summary>A patient's inline view row as stored: its state's jsonb as UTF-8 (it may be unreadable).</summary>
public sealed record StoredView(long Version, long Position, DateTimeOffset RecordedAt, byte[] State);

/// <summary>Compares an inline view with the replay of its stream: the row's columns and the state.</summary>
public static class ViewComparison
{
    /// <summary>Why the view differs from the replay, or null when it does not.</summary>
    public static string? Difference(PatientSnapshot replay, StoredView? view)
    {
        if (view is null)
        {
            return "no inline view";
        }
        if (view.Version != replay.Version || view.Position != replay.Position || view.RecordedAt != replay.LastRecordedAt)
        {
            return $"view at version {view.Version}, position {view.Position}; the stream at {replay.Version}, {replay.Position}";
        }
        try
        {
            // The rebuild compares every view of the store: token by token in jsonb's key order is a
            // fraction of the cost of reading the stored state into objects and writing both again.
            if (JsonbOrder.SameTokens(view.State, JsonSerializer.SerializeToUtf8Bytes(replay.State, JsonbOrder.Options)))
            {
                return null;
            }
            // Equal states can still be spelled differently: a view written before a property existed
            // lacks it, yet reads as the same state.
            var stored = JsonSerializer.Deserialize<PatientState>(view.State, StoreJson.Options)!;
            // Both written by the same serializer, property by property in declaration order: equal bytes, equal states.
            return JsonSerializer.SerializeToUtf8Bytes(stored, StoreJson.Options).AsSpan().SequenceEqual(JsonSerializer.SerializeToUtf8Bytes(replay.State, StoreJson.Options))
                ? null
                : "state differs from the replay";
        }
        catch (JsonException e)
        {
            return $"unreadable state ({e.Message})";
        }
    }
}
