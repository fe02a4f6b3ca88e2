using System.Diagnostics.Metrics;
using Consent.Service.EventStore;
using Consent.Service.Hosting;

namespace Consent.Service.Messaging;

/// <summary>
/// How far the bus relay is behind the store: in positions (the newest commit announced to this
/// replica minus the last one published) and in seconds (since the last published event was recorded,
/// while more are waiting). Exported as gauges; only the replica that relays reports.
/// </summary>
public sealed class RelayLag
{
    private readonly GlobalPositions positions;
    private long publishedPosition = -1;
    private long publishedRecordedAtTicks;

    public RelayLag(GlobalPositions positions)
    {
        this.positions = positions;
        ConsentDiagnostics.Meter.CreateObservableGauge("consent.relay.lag.positions", Positions, "{position}", "Positions committed but not yet published to the bus.");
        ConsentDiagnostics.Meter.CreateObservableGauge("consent.relay.lag.seconds", Seconds, "s", "Age of the last published event while more wait.");
    }

    public void Published(StoredEvent last)
    {
        Interlocked.Exchange(ref publishedPosition, last.Position);
        Interlocked.Exchange(ref publishedRecordedAtTicks, last.RecordedAt.UtcTicks);
    }

    public void CaughtUp(long position)
    {
        Interlocked.Exchange(ref publishedPosition, Math.Max(position, positions.Announced));
        Interlocked.Exchange(ref publishedRecordedAtTicks, 0);
    }

    private IEnumerable<Measurement<long>> Positions() =>
        Interlocked.Read(ref publishedPosition) is var published and >= 0
            ? [new(Math.Max(0, positions.Announced - published))]
            : [];

    private IEnumerable<Measurement<double>> Seconds()
    {
        var ticks = Interlocked.Read(ref publishedRecordedAtTicks);
        var behind = positions.Announced > Interlocked.Read(ref publishedPosition);
        return Interlocked.Read(ref publishedPosition) < 0 ? []
            : [new(behind && ticks > 0 ? (DateTime.UtcNow.Ticks - ticks) / (double)TimeSpan.TicksPerSecond : 0)];
    }
}
