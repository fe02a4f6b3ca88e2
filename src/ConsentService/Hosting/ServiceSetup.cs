using Consent.Service.Caching;
using System.Text.Json;
using System.Text.Json.Serialization;
using Consent.Service.Access;
using Consent.Service.EventStore;
using Consent.Service.Hosting.OpenApi;
using Consent.Service.Messaging;
using Consent.Service.Patients;
using Consent.Service.Patients.Api;
using Consent.Service.Providers;
using Microsoft.Extensions.Logging.Console;
using Npgsql;

namespace Consent.Service.Hosting;

/// <summary>Registers the service's parts; Program.cs only composes.</summary>
public static class ServiceSetup
{
    public static WebApplicationBuilder AddConsentService(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var auth = configuration.GetSection("Auth").Get<AuthSettings>() ?? new AuthSettings();
        RelationDurations durations;
        try
        {
            durations = configuration.GetSection("Relations").Get<RelationDurations>() ?? new RelationDurations();
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"The configuration is not valid: Relations: {e.Message}", e);
        }
        var publicKeysAllowed = builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment("Testing");
        SettingsValidation.Validate(configuration, auth, durations, publicKeysAllowed);
        var connectionString = configuration.GetConnectionString("Consent")!;

        builder.Services.AddSingleton(_ =>
        {
            var dataSource = new NpgsqlDataSourceBuilder(connectionString);
            dataSource.ConnectionStringBuilder.ApplicationName ??= "consent-service";
            // The hot path runs the same few statements over and over: let Npgsql prepare them.
            if (dataSource.ConnectionStringBuilder.MaxAutoPrepare == 0)
            {
                dataSource.ConnectionStringBuilder.MaxAutoPrepare = 50;
            }
            // A pooled connection is otherwise reset at each reuse: seven statements (RESET ALL, UNLISTEN *,
            // pg_advisory_unlock_all() ...) that PostgreSQL executed three to four times per durable command,
            // a fifth of its CPU under write load. Nothing leaves session state on a pooled connection: the
            // two that do (CommitListener's LISTEN, the access log's lane lock) undo it before they return theirs.
            dataSource.ConnectionStringBuilder.NoResetOnClose = true;
            return dataSource.Build();
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<StartupState>();
        builder.Services.AddSingleton<SchemaMigrator>();
        builder.Services.AddSingleton<PostgresEventStore>();
        // Hosted services start one after another in this order: the batcher before the schema's start-up, whose
        // demo seed appends through it (and stops after it).
        builder.Services.AddSingleton<AppendBatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AppendBatcher>());
        builder.Services.AddHostedService<SchemaStartup>();
        builder.Services.AddSingleton<GlobalLog>();
        builder.Services.AddSingleton<GlobalPositions>();
        builder.Services.AddSingleton<PatientViews>();
        builder.Services.AddSingleton<PatientCommandHandler>();
        builder.Services.AddSingleton<PatientCommandFactory>();
        builder.Services.AddSingleton<StreamLocks>();
        builder.Services.AddSingleton<PatientWrites>();
        builder.Services.AddSingleton<PatientRendering>();
        builder.Services.AddSingleton<IdempotencyStore>();
        builder.Services.AddSingleton<ProviderDirectory>();
        builder.Services.AddSingleton<DirectorySearch>();
        builder.Services.AddSingleton<ProviderImport>();
        builder.Services.AddSingleton(new PatientStateCache(configuration.GetValue("Cache:MaxPatients", PatientStateCache.DefaultCapacity)));
        builder.Services.AddSingleton<ProviderInstitutions>();
        builder.Services.AddSingleton(new ProviderRecords());
        builder.Services.AddSingleton<PatientCacheWarmer>();
        builder.Services.AddHostedService<CommitListener>();
        builder.Services.AddSingleton<CommitAnnouncer>();
        builder.Services.AddSingleton<AccessSnapshots>();
        builder.Services.AddSingleton<AccessDecisionService>();
        builder.Services.AddSingleton<AccessLogReader>();
        builder.Services.AddSingleton<DirectoryHistory>();
        builder.Services.AddSingleton(sp => new AccessLogWriter(
            sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<ILogger<AccessLogWriter>>(), configuration.GetValue("AccessLog:Flushers", 1)));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AccessLogWriter>());
        var matrix = configuration.GetSection("Access:Matrix").Get<Dictionary<string, Dictionary<string, string>>>();
        builder.Services.AddSingleton(matrix is { Count: > 0 }
            ? AccessMatrix.From(matrix.Select(row => KeyValuePair.Create(row.Key, (IReadOnlyDictionary<string, string>)row.Value)))
            : AccessMatrix.Default);
        builder.Services.AddSingleton(durations);
        builder.Services.AddSingleton(new ConsentAge
        {
            OwnConsentFrom = configuration.GetValue("Consent:OwnConsentFromAge", ConsentAge.DefaultOwnConsentFrom),
            Zone = TimeZoneInfo.FindSystemTimeZoneById(SettingsValidation.ConsentTimeZone(configuration)),
        });
        if (configuration.GetValue<bool>("Demo:Seed"))
        {
            builder.Services.AddSingleton<IAfterSchema, DemoSeed>();
        }

        builder.Services.AddSingleton(auth);
        builder.Services.AddConsentAuth(auth);

        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
            // These options write answers and describe them in the OpenAPI document; they read no input (bodies are read by
            // RequestBody.Strict, query values by their own parsing). The web defaults' AllowReadingFromString would only
            // have typed every integer of the document as "integer or numeric string".
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        builder.Services.AddProblemDetails();
        // A route or query value that cannot be read (limit=abc) throws in every environment, not only in Development, so
        // that ProblemMiddleware answers it with the value's name (BindingFailures) instead of a bare 400.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi(options =>
        {
            // 3.0, not 3.1: the portal's client is generated from this document by NSwag, which reads 3.0 request bodies and nullable types.
            options.OpenApiVersion = Microsoft.OpenApi.OpenApiSpecVersion.OpenApi3_0;
            options.AddConsentContract();
        });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = RequestBody.MaxBytes);
        builder.AddConsentMessaging();
        builder.AddConsentTelemetry();
        builder.Services.AddSingleton(new Pseudonyms(configuration["Logging:PseudonymKey"]));
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(console => console.FormatterName = JsonLogFormatter.Name)
            .AddConsoleFormatter<JsonLogFormatter, ConsoleFormatterOptions>();
        return builder;
    }
}
