using System.Reflection;
using System.Security.Cryptography;

namespace Consent.Service.Hosting.OpenApi;

/// <summary>
/// The build writes src/Contracts/openapi.json with Microsoft.Extensions.ApiDescription.Server: its GetDocument.Insider
/// tool runs Program's entry point in its own process, starts the host with a server and a lifetime that do nothing, and
/// asks for the document once the host has started. Started as it is, the service refuses the production defaults
/// (SettingsValidation) and, given settings, waits for PostgreSQL: SchemaStartup retries for minutes, longer than the
/// 2 minutes the tool waits. Only under that tool (never from an environment name or a setting a deployment could carry),
/// the service gets settings of its own and none of its background work: nothing connects anywhere.
/// </summary>
public static class DocumentGeneration
{
    /// <summary>True in the build's document generation process, whose entry assembly is the tool's.</summary>
    public static bool IsRunning { get; } = Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider";

    /// <summary>
    /// Settings that pass SettingsValidation unchanged: a connection string that is never opened, no bus, and secrets
    /// drawn for this process only (nothing is signed or pseudonymised in it). They override every other source.
    /// </summary>
    public static void UseOwnSettings(WebApplicationBuilder builder) =>
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Consent"] = "Host=document-generation.invalid",
            ["RabbitMq:Enabled"] = "false",
            ["Auth:SigningKey"] = Secret(),
            ["Logging:PseudonymKey"] = Secret(),
            ["Auth:DevTokens"] = "false",
            ["Demo:Seed"] = "false",
        });

    /// <summary>
    /// Removes the hosted services registered from <paramref name="from"/> on (schema migration, commit listener, access
    /// log writer, telemetry): the host still starts, which maps the endpoints the document describes, and nothing else runs.
    /// </summary>
    public static void WithoutBackgroundWork(IServiceCollection services, int from)
    {
        for (var i = services.Count - 1; i >= from; i--)
        {
            if (services[i].ServiceType == typeof(IHostedService))
            {
                services.RemoveAt(i);
            }
        }
    }

    private static string Secret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
}
