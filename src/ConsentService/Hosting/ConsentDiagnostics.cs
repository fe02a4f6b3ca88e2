using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Consent.Service.Hosting;

/// <summary>The service's own trace source and meter, and the instruments every part shares.</summary>
public static class ConsentDiagnostics
{
    public const string Name = "Consent";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Appends = Meter.CreateCounter<long>("consent.eventstore.appends", "{append}", "Appends committed to the event store.");
    public static readonly Counter<long> Conflicts = Meter.CreateCounter<long>("consent.eventstore.conflicts", "{conflict}", "Appends refused for a stale expected version.");
    public static readonly Counter<long> Decisions = Meter.CreateCounter<long>("consent.decisions", "{decision}", "Access decisions by outcome and deciding reason.");
    // Durations in seconds need buckets below a millisecond: the SDK's default boundaries (0, 5, 10, ... 10,000) put
    // every decision and every access-log flush into the first one.
    private static readonly InstrumentAdvice<double> Seconds = new()
    {
        HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.00075, 0.001, 0.0025, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    };

    public static readonly Histogram<double> DecisionDuration = Meter.CreateHistogram("consent.decision.duration", "s", "Time to answer an access-decision request.", advice: Seconds);
    public static readonly Histogram<int> AccessLogBatchSize = Meter.CreateHistogram<int>("consent.access_log.batch_size", "{entry}", "Entries written per access-log batch.");
    public static readonly Histogram<double> AccessLogFlushDuration = Meter.CreateHistogram("consent.access_log.flush.duration", "s", "Time to write and commit one access-log batch.", advice: Seconds);

    public static readonly Histogram<int> AppendBatchSize = Meter.CreateHistogram<int>("consent.eventstore.append_batch.size", "{append}", "Appends written per group commit.");
    public static readonly Histogram<double> AppendBatchDuration = Meter.CreateHistogram("consent.eventstore.append_batch.duration", "s", "Time to write and commit one batch of appends.", advice: Seconds);

    public static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>("consent.bus.dead_lettered", "{message}", "Bus commands sent to the dead-letter queue, by reason code.");

    /// <summary>Starts a span of the service; null when nobody listens.</summary>
    public static Activity? Start(string name, ActivityKind kind = ActivityKind.Internal) => Source.StartActivity(name, kind);
}
