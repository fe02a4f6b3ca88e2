using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Consent.PortalTests.Infrastructure;

/// <summary>
/// A stand-in for the service that hands out a token, then answers every /v1 call with the status
/// given: the answers the real service gives only in rare moments (an expired token, an outage).
/// </summary>
public sealed class FakeService : IAsyncDisposable
{
    private readonly WebApplication app;

    private FakeService(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<FakeService> StartAsync(int status)
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/dev/token", () => Results.Json(new { accessToken = "not-a-real-token", expiresIn = 3600 }));
        app.Map("/v1/{**rest}", () => Results.Problem(statusCode: status, extensions: new Dictionary<string, object?>
        {
            ["code"] = status == 401 ? "unauthenticated" : "unavailable",
        }));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FakeService(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
