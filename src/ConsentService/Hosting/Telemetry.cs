using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Consent.Service.Hosting;

/// <summary>
/// OpenTelemetry wired by hand in one place (the hosting extension package is not available here):
/// traces of ASP.NET Core, Npgsql, RabbitMQ.Client and the service's own spans; metrics of the same
/// plus the service's meter. Exported over OTLP only when OTEL_EXPORTER_OTLP_ENDPOINT is set; tests
/// add their own processors and readers through the container.
/// </summary>
public static class Telemetry
{
    public static readonly string[] TraceSources =
        ["Microsoft.AspNetCore", "Npgsql", "RabbitMQ.Client.Publisher", "RabbitMQ.Client.Subscriber", ConsentDiagnostics.Name];

    public static readonly string[] Meters =
        ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Npgsql", ConsentDiagnostics.Name];

    public static WebApplicationBuilder AddConsentTelemetry(this WebApplicationBuilder builder)
    {
        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] ?? "consent-service";
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var resource = ResourceBuilder.CreateDefault().AddService(serviceName);

        builder.Logging.Configure(options => options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        builder.Services.AddSingleton(sp =>
        {
            var tracing = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).AddSource(TraceSources);
            foreach (var processor in sp.GetServices<BaseProcessor<Activity>>())
            {
                tracing.AddProcessor(processor);
            }
            if (otlp)
            {
                tracing.AddOtlpExporter();
            }
            return tracing.Build()!;
        });
        builder.Services.AddSingleton(sp =>
        {
            var metrics = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource).AddMeter(Meters);
            foreach (var reader in sp.GetServices<MetricReader>())
            {
                metrics.AddReader(reader);
            }
            if (otlp)
            {
                metrics.AddOtlpExporter();
            }
            return metrics.Build()!;
        });
        builder.Services.AddHostedService<TelemetryStartup>();
        return builder;
    }

    /// <summary>Builds the providers when the host starts, so listening begins before the first request.</summary>
    private sealed class TelemetryStartup(TracerProvider tracing, MeterProvider metrics) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken)
        {
            tracing.ForceFlush(2000);
            metrics.ForceFlush(2000);
            return Task.CompletedTask;
        }
    }
}
