using Consent.Service.EventStore;
using System.Diagnostics.Metrics;
using Consent.Service.Hosting;

namespace Consent.Service.Messaging;

/// <summary>
/// How far the bus relay is behind the store: in positions (the newest commit announced to this
/// replica minus the last one published) and in seconds (since the last published event was recorded,
/// while more are waiting). Exported as gauges; only the replica that relays reports.
/// </summary>
public static class RelayLag
{
    private static long publishedPosition = -1;
    private static long publishedRecordedAtTicks;

    static RelayLag()
    {
        ConsentDiagnostics.Meter.CreateObservableGauge("consent.relay.lag.positions", () => Positions(), "{position}", "Positions committed but not yet published to the bus.");
        ConsentDiagnostics.Meter.CreateObservableGauge("consent.relay.lag.seconds", () => Seconds(), "s", "Age of the last published event while more wait.");
    }

    public static void Published(StoredEvent last)
    {
        Interlocked.Exchange(ref publishedPosition, last.Position);
        Interlocked.Exchange(ref publishedRecordedAtTicks, last.RecordedAt.UtcTicks);
    }

    public static void CaughtUp(long position)
    {
        Interlocked.Exchange(ref publishedPosition, Math.Max(position, Interlocked.Read(ref CommitWatermark.Announced)));
        Interlocked.Exchange(ref publishedRecordedAtTicks, 0);
    }

    private static IEnumerable<Measurement<long>> Positions() =>
        Interlocked.Read(ref publishedPosition) is var published and >= 0
            ? [new(Math.Max(0, Interlocked.Read(ref CommitWatermark.Announced) - published))]
            : [];

    private static IEnumerable<Measurement<double>> Seconds()
    {
        var ticks = Interlocked.Read(ref publishedRecordedAtTicks);
        var behind = Interlocked.Read(ref CommitWatermark.Announced) > Interlocked.Read(ref publishedPosition);
        return Interlocked.Read(ref publishedPosition) < 0 ? []
            : [new(behind && ticks > 0 ? (DateTime.UtcNow.Ticks - ticks) / (double)TimeSpan.TicksPerSecond : 0)];
    }
}
