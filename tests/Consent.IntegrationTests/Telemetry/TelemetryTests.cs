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
        var sql = await service.Spans.WaitForAsync(a => a.Source.Name == "Npgsql" && a.TraceId == command.TraceId);

        Assert.Equal(command.SpanId, append.ParentSpanId);
        Assert.Equal(http.SpanId, command.ParentSpanId);
        Assert.NotNull(sql);
        Assert.DoesNotContain(command.TagObjects, t => t.Value?.ToString()?.Contains(patient.Value, StringComparison.Ordinal) == true);
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
        var patient = TestPatients.Next();
        await service.Patient(patient).PutJson($"/v1/patients/{patient}/consent");
        (await service.Provider(Demo.Gp).PostJson("/v1/access-decisions", new { patient = patient.Value, provider = Demo.Gp })).EnsureSuccessStatusCode();

        service.Services.GetRequiredService<MeterProvider>().ForceFlush(5000);

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
        public ConcurrentBag<string> Names { get; } = [];

        public override ExportResult Export(in Batch<Metric> batch)
        {
            foreach (var metric in batch)
            {
                Names.Add(metric.Name);
            }
            return ExportResult.Success;
        }
    }
}
