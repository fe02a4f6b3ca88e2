using System.Text.Json;
using Consent.Service.EventStore;
using Consent.Service.Patients;

namespace Consent.Service.Auditing;

/// <summary>A patient's inline view row as stored (any part may be missing or unreadable).</summary>
public sealed record StoredView(long Version, long Position, DateTimeOffset RecordedAt, string State);

/// <summary>
/// Compares an inline view with the replay of its stream. The state's own version and position are
/// not compared: the append writes them before it knows the position, and readers take the row's
/// columns instead (PatientViews.FromRow); those columns are compared.
/// </summary>
public static class ViewComparison
{
    /// <summary>Why the view differs from the replay, or null when it does not.</summary>
    public static string? Difference(PatientState replay, StoredView? view)
    {
        if (view is null)
        {
            return "no inline view";
        }
        if (view.Version != replay.Version || view.Position != replay.Position || view.RecordedAt != replay.LastRecordedAt)
        {
            return $"view at version {view.Version}, position {view.Position}; the stream at {replay.Version}, {replay.Position}";
        }
        PatientState stored;
        try
        {
            stored = JsonSerializer.Deserialize<PatientState>(view.State, StoreJson.Options)! with { Version = view.Version, Position = view.Position };
        }
        catch (JsonException e)
        {
            return $"unreadable state ({e.Message})";
        }
        return CanonicalJson.Of(StoreJson.ToElement(stored)).AsSpan().SequenceEqual(CanonicalJson.Of(StoreJson.ToElement(replay)))
            ? null
            : "state differs from the replay";
    }
}
