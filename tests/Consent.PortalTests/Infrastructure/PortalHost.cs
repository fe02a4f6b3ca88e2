using Consent.Portal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Consent.PortalTests.Infrastructure;

/// <summary>The portal on Kestrel, on a free loopback port, in the local profile (demo sign-in), calling the service at <c>serviceUrl</c>.</summary>
public sealed class PortalHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private PortalHost(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<PortalHost> StartAsync(Uri serviceUrl)
    {
        var app = PortalApp.Create(["--urls", "http://127.0.0.1:0"], new Dictionary<string, string?>
        {
            ["Portal:ServiceUrl"] = serviceUrl.ToString(),
            ["Portal:DevSignIn"] = "true",
            // A slow CI machine may take a while; a dead service is still seen at once (connection refused).
            ["Portal:ServiceTimeout"] = "00:00:30",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new PortalHost(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
