using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Consent.PortalTests.Infrastructure;

/// <summary>
/// The real consent service on Kestrel, on a free loopback port, against the suite's PostgreSQL
/// (CONSENT_TEST_PG): the portal reaches it over real HTTP, as in production. Dev tokens and the demo
/// directory are on; the bus is off (no portal flow uses it).
/// </summary>
public sealed class ServiceHost : WebApplicationFactory<Program>
{
    public ServiceHost() => UseKestrel(0);

    public Uri Address { get; private set; } = null!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Consent"] = Environment.GetEnvironmentVariable("CONSENT_TEST_PG")
                ?? "Host=127.0.0.1;Port=55433;Username=consent;Password=consent;Database=consent",
            ["RabbitMq:Enabled"] = "false",
            ["Auth:DevTokens"] = "true",
            ["Demo:Seed"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        builder.UseEnvironment("Testing");
    }

    /// <summary>Starts Kestrel and waits until the schema and demo seed are done (/health/ready).</summary>
    public async Task StartAsync()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Address = new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"The consent service at {Address} did not become ready in 120 s.");
            }
            await Task.Delay(200);
        }
    }
}
