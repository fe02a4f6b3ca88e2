using System.Collections.Concurrent;
using System.Diagnostics;
using Consent.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Consent.IntegrationTests.Telemetry;

/// <summary>Spans and metrics reach an exporter (the test's own), and one trace follows a request into the store.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class TelemetryTests : IClassFixture<TelemetryTests.ObservedService>
{
    private readonly ObservedService service;

    public TelemetryTests(ObservedService service) => this.service = service;

    [Fact]
    public async Task A_REST_command_and_its_append_share_one_trace()
    {
        var patient = TestPatients.Next();
        var response = await service.Patient(patient).PutJson($"/v1/patients/{patient}/consent");
        response.EnsureSuccessStatusCode();

        var pseudonym = service.Services.GetRequiredService<Consent.Service.Hosting.Pseudonyms>().Of(patient.Value);
        var command = await service.Spans.WaitForAsync(a => a.DisplayName == "patient.command GiveConsent" && (string?)a.GetTagItem("consent.patient") == pseudonym);
        var append = await service.Spans.WaitForAsync(a => a.DisplayName == "eventstore.append" && a.TraceId == command.TraceId);
        var http = await service.Spans.WaitForAsync(a => a.Source.Name == "Microsoft.AspNetCore" && a.TraceId == command.TraceId);
        // The append is committed by a batch of the replica's writes of the moment: its span is linked to the append's.
        var batch = await service.Spans.WaitForAsync(a => a.DisplayName == "eventstore.append_batch" && a.Links.Any(l => l.Context.SpanId == append.SpanId));
        var sql = await service.Spans.WaitForAsync(a => a.Source.Name == "Npgsql" && a.ParentSpanId == batch.SpanId && SqlOf(a).Contains("append_batch", StringComparison.Ordinal));

        Assert.Equal(command.SpanId, append.ParentSpanId);
        Assert.Equal(http.SpanId, command.ParentSpanId);
        Assert.Equal(batch.TraceId, sql.TraceId);
        // The HTTP span names the route template and the path with the patient's number blanked; no span of the trace carries it.
        Assert.Equal("/v1/patients/{inss}/consent", http.GetTagItem("http.route"));
        Assert.Equal("/v1/patients/[inss]/consent", http.GetTagItem("url.path"));
        foreach (var span in new[] { command, append, http, batch, sql })
        {
            Assert.DoesNotContain(span.TagObjects, t => t.Value?.ToString()?.Contains(patient.Value, StringComparison.Ordinal) == true);
            Assert.DoesNotContain(patient.Value, span.DisplayName, StringComparison.Ordinal);
        }
    }

    private static string SqlOf(Activity span) => (string?)span.GetTagItem("db.query.text") ?? (string?)span.GetTagItem("db.statement") ?? "";

    [Fact]
    public async Task Metrics_are_scraped_by_Prometheus_with_the_service_s_counters_and_no_patient_number()
    {
        var patient = TestPatients.Next();
        await service.Patient(patient).PutJson($"/v1/patients/{patient}/consent");
        (await service.Provider(Demo.Gp).PostJson("/v1/access-decisions", new { patient = patient.Value, provider = Demo.Gp })).EnsureSuccessStatusCode();

        var scrape = await service.CreateClient().GetStringAsync("/metrics");

        Assert.Contains("consent_decisions", scrape, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", scrape, StringComparison.Ordinal);
        Assert.Matches("dotnet_gc_collections", scrape);
        Assert.DoesNotContain(patient.Value, scrape, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_event_a_REST_command_caused_is_published_to_the_bus_in_the_same_trace()
    {
        var patient = TestPatients.Next();
        (await service.Patient(patient).PostJson($"/v1/patients/{patient}/exclusions", new { provider = Demo.Gp })).EnsureSuccessStatusCode();

        var pseudonym = service.Services.GetRequiredService<Consent.Service.Hosting.Pseudonyms>().Of(patient.Value);
        var command = await service.Spans.WaitForAsync(a => a.DisplayName == "patient.command AddExclusion" && (string?)a.GetTagItem("consent.patient") == pseudonym);
        var relayed = await service.Spans.WaitForAsync(a => a.DisplayName == "bus.publish exclusion-added" && a.TraceId == command.TraceId, seconds: 20);
        var published = await service.Spans.WaitForAsync(a => a.Source.Name == "RabbitMQ.Client.Publisher" && a.ParentSpanId == relayed.SpanId);

        Assert.Equal(System.Diagnostics.ActivityKind.Producer, relayed.Kind);
        Assert.Equal(System.Diagnostics.ActivityKind.Producer, published.Kind);
    }

    [Fact]
    public async Task Decisions_and_appends_are_counted()
    {
        var meters = service.Services.GetRequiredService<MeterProvider>();
        var patient = TestPatients.Next();
        meters.ForceFlush(5000);
        var decisionsBefore = service.Metrics.Total("consent.decisions");
        var appendsBefore = service.Metrics.Total("consent.eventstore.appends");

        await service.Patient(patient).PutJson($"/v1/patients/{patient}/consent");
        (await service.Provider(Demo.Gp).PostJson("/v1/access-decisions", new { patient = patient.Value, provider = Demo.Gp })).EnsureSuccessStatusCode();
        (await service.Provider(Demo.Gp).PostJson("/v1/access-decisions", new { patient = patient.Value, provider = Demo.Gp })).EnsureSuccessStatusCode();
        meters.ForceFlush(5000);

        Assert.Equal(2, service.Metrics.Total("consent.decisions") - decisionsBefore);
        Assert.Equal(1, service.Metrics.Total("consent.eventstore.appends") - appendsBefore);
        Assert.Contains("consent.decisions", service.Metrics.Names);
        Assert.Contains("consent.eventstore.appends", service.Metrics.Names);
        Assert.Contains("consent.access_log.batch_size", service.Metrics.Names);
        Assert.Contains("http.server.request.duration", service.Metrics.Names);
    }

    /// <summary>
    /// A service on a database of its own, so that it is the one replica relaying events to the bus and
    /// its relay's spans reach this test's collector.
    /// </summary>
    public sealed class ObservedService : ServiceFactory, IAsyncLifetime
    {
        public ObservedService() : base(TestDatabases.CreateAsync("telemetry").GetAwaiter().GetResult()) { }

        public Task InitializeAsync() => WaitUntilReadyAsync();

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

        public SpanCollector Spans { get; } = new();

        public MetricCollector Metrics { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<BaseProcessor<Activity>>(Spans);
                services.AddSingleton<MetricReader>(new BaseExportingMetricReader(Metrics) { TemporalityPreference = MetricReaderTemporalityPreference.Cumulative });
            });
        }
    }

    public sealed class SpanCollector : BaseProcessor<Activity>
    {
        private readonly ConcurrentQueue<Activity> ended = new();

        public override void OnEnd(Activity data) => ended.Enqueue(data);

        public async Task<Activity> WaitForAsync(Func<Activity, bool> match, int seconds = 5)
        {
            for (var i = 0; i < seconds * 20; i++)
            {
                if (ended.FirstOrDefault(match) is { } found)
                {
                    return found;
                }
                await Task.Delay(50);
            }
            throw new Xunit.Sdk.XunitException($"No such span among: {string.Join(", ", ended.Select(a => $"{a.Source.Name}/{a.DisplayName}").Distinct())}");
        }
    }

    public sealed class MetricCollector : BaseExporter<Metric>
    {
        private readonly ConcurrentDictionary<string, long> totals = new();

        public ConcurrentBag<string> Names { get; } = [];

        /// <summary>A counter's cumulative value over all its tag sets at the last export (0 before any).</summary>
        public long Total(string name) => totals.GetValueOrDefault(name);

        public override ExportResult Export(in Batch<Metric> batch)
        {
            foreach (var metric in batch)
            {
                Names.Add(metric.Name);
                if (metric.MetricType == MetricType.LongSum)
                {
                    long total = 0;
                    foreach (ref readonly var point in metric.GetMetricPoints())
                    {
                        total += point.GetSumLong();
                    }
                    totals[metric.Name] = total;
                }
            }
            return ExportResult.Success;
        }
    }
}

/// <summary>
/// The service's meter is one per process: counted deltas are only this host's while no other collection
/// runs, so the telemetry tests run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "telemetry";
}
