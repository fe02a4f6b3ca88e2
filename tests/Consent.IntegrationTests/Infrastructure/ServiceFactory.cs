using System.Net.Http.Headers;
using Consent.Service.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Consent.IntegrationTests.Infrastructure;

/// <summary>
/// The real service in process, on the suite's real PostgreSQL (and RabbitMQ), with dev tokens and the
/// demo directory. Tests isolate themselves by patient (TestPatients), not by database.
/// </summary>
public class ServiceFactory : WebApplicationFactory<Program>
{
    private readonly string connectionString;

    public ServiceFactory() : this(TestEnvironment.PostgresConnectionString) { }

    public ServiceFactory(string connectionString) => this.connectionString = connectionString;

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Consent"] = connectionString,
        ["RabbitMq:Uri"] = TestEnvironment.RabbitUri,
        ["Auth:DevTokens"] = "true",
        ["Demo:Seed"] = "true",
        // ASP.NET Core's request lines carry the path, and with it the INSS: the canary must see them.
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.UseEnvironment("Testing");
        builder.ConfigureLogging(logging => logging.AddProvider(InssCanary.Logs()));
    }

    public AuthSettings Auth => Services.GetRequiredService<AuthSettings>();

    public HttpClient ClientFor(string role, string? inss = null, string? nihdi = null, string[]? represents = null, string? institution = null)
    {
        var client = CreateClient();
        var token = DevTokens.Issue(Auth, new DevTokens.TokenRequest(role, inss, nihdi, represents, institution));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient Patient(Consent.Contracts.Identifiers.Inss inss) => ClientFor("patient", inss.Value);

    public HttpClient Provider(string nihdi) => ClientFor("provider", nihdi: nihdi);

    public HttpClient Auditor() => ClientFor("auditor");

    public HttpClient His(string institution) => ClientFor("his", institution: institution);

    /// <summary>Waits until start-up (schema, demo seed) is done, as a load balancer would.</summary>
    public async Task WaitUntilReadyAsync()
    {
        var client = CreateClient();
        for (var i = 0; i < 100; i++)
        {
            if ((await client.GetAsync("/health/ready")).IsSuccessStatusCode)
            {
                return;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The service did not become ready.");
    }

    /// <summary>
    /// Stops the in-process service. In three full runs the host's shutdown threw ObjectDisposedException
    /// after every test of its class had passed; the recorded stack showed the host stopping DeferredBusStart a
    /// second time, which now waits for its first stop (DeferredBusStartTests). Should another shutdown throw
    /// that, the exception and its stack go to the file CONSENT_SHUTDOWN_ERRORS names, which ./test.sh prints,
    /// instead of failing a class whose tests passed.
    /// </summary>
    public override async ValueTask DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        catch (ObjectDisposedException e) when (Environment.GetEnvironmentVariable("CONSENT_SHUTDOWN_ERRORS") is { Length: > 0 } file)
        {
            await File.AppendAllTextAsync(file, $"{GetType().Name} shutdown: {e}\n\n");
        }
        GC.SuppressFinalize(this);
    }
}

/// <summary>One service instance shared by the tests of a collection.</summary>
[CollectionDefinition(Name)]
public sealed class ServiceCollection : ICollectionFixture<SharedService>
{
    public const string Name = "service";
}

public sealed class SharedService : ServiceFactory, IAsyncLifetime
{
    public Task InitializeAsync() => WaitUntilReadyAsync();

    Task IAsyncLifetime.DisposeAsync()
    {
        InssCanary.AssertClean();
        return Task.CompletedTask;
    }
}
