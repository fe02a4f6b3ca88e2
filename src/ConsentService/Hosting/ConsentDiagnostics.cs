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
    public static readonly Histogram<double> DecisionDuration = Meter.CreateHistogram<double>("consent.decision.duration", "s", "Time to answer an access-decision request.");
    public static readonly Histogram<int> AccessLogBatchSize = Meter.CreateHistogram<int>("consent.access_log.batch_size", "{entry}", "Entries written per access-log batch.");
    public static readonly Histogram<double> AccessLogFlushDuration = Meter.CreateHistogram<double>("consent.access_log.flush.duration", "s", "Time to write and commit one access-log batch.");

    public static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>("consent.bus.dead_lettered", "{message}", "Bus commands sent to the dead-letter queue, by reason code.");

    /// <summary>Starts a span of the service; null when nobody listens.</summary>
    public static Activity? Start(string name, ActivityKind kind = ActivityKind.Internal) => Source.StartActivity(name, kind);
}
