using System.Diagnostics;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Consent.Service.Hosting;

/// <summary>
/// OpenTelemetry the standard way (OpenTelemetry.Extensions.Hosting): traces of ASP.NET Core, HttpClient, Wolverine,
/// Npgsql, RabbitMQ.Client and the service's own spans; metrics of the same plus the .NET runtime. OTLP
/// export only when OTEL_EXPORTER_OTLP_ENDPOINT is set; a Prometheus scrape endpoint at /metrics (on its
/// own port when Telemetry:MetricsPort is set). Request paths carry INSS numbers: the span's url.path is
/// written with them blanked. Tests add their own processors and readers through the container
/// (BaseProcessor&lt;Activity&gt; and MetricReader services).
/// </summary>
public static class Telemetry
{
    public static readonly string[] TraceSources = ["Wolverine", "RabbitMQ.Client.Publisher", "RabbitMQ.Client.Subscriber", ConsentDiagnostics.Name];

    public static readonly string[] Meters = ["Npgsql", ConsentDiagnostics.Name];

    /// <summary>Tag combinations a metric stream holds (see WithMetrics).</summary>
    public const int MaxTagCombinations = 256;

    public static WebApplicationBuilder AddConsentTelemetry(this WebApplicationBuilder builder)
    {
        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] ?? "consent-service";
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

        builder.Logging.Configure(options => options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        var telemetry = builder.Services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(serviceName));
        telemetry.WithTracing(tracing =>
        {
            tracing
                .AddAspNetCoreInstrumentation(aspnet =>
                {
                    aspnet.Filter = http => !http.Request.Path.StartsWithSegments("/health") && !http.Request.Path.StartsWithSegments("/metrics");
                    aspnet.EnrichWithHttpRequest = (activity, request) => activity.SetTag("url.path", InssRedaction.Redact(request.Path.Value));
                })
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource(TraceSources);
            ((IDeferredTracerProviderBuilder)tracing).Configure((services, builder) =>
            {
                foreach (var processor in services.GetServices<BaseProcessor<Activity>>())
                {
                    builder.AddProcessor(processor);
                }
            });
            if (otlp)
            {
                tracing.AddOtlpExporter();
            }
        });
        telemetry.WithMetrics(metrics =>
        {
            metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(Meters)
                // Every metric stream allocates room for this many tag combinations up front (2,000 by
                // default): about 10 MB for the fifty-odd streams here, while ours, bounded by route,
                // status and outcome, use a few dozen. A combination beyond it is counted as overflow.
                .AddView(_ => new MetricStreamConfiguration { CardinalityLimit = MaxTagCombinations })
                .AddPrometheusExporter();
            ((IDeferredMeterProviderBuilder)metrics).Configure((services, builder) =>
            {
                foreach (var reader in services.GetServices<MetricReader>())
                {
                    builder.AddReader(reader);
                }
            });
            if (otlp)
            {
                metrics.AddOtlpExporter();
            }
        });
        return builder;
    }

    /// <summary>Maps the Prometheus scrape endpoint; with Telemetry:MetricsPort it answers on that port only.</summary>
    public static WebApplication MapConsentMetrics(this WebApplication app)
    {
        var endpoint = app.MapPrometheusScrapingEndpoint("/metrics");
        if (app.Configuration.GetValue<int?>("Telemetry:MetricsPort") is { } port)
        {
            endpoint.RequireHost($"*:{port}");
        }
        return app;
    }
}
