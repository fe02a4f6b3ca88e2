using System.Net.Http.Headers;
using Microsoft.AspNetCore.Authentication;

namespace Consent.Portal.Api;

public static class ApiSetup
{
    public static IServiceCollection AddConsentApi(this IServiceCollection services, PortalSettings settings)
    {
        services.AddHttpContextAccessor();
        services.AddTransient<SessionBearerHandler>();
        services.AddHttpClient<ConsentApiClient>(client =>
        {
            client.BaseAddress = new Uri(settings.ServiceUrl.TrimEnd('/') + "/");
            client.Timeout = settings.ServiceTimeout;
        }).AddHttpMessageHandler<SessionBearerHandler>();
        return services;
    }
}

/// <summary>
/// Adds the signed-in person's bearer token, kept server-side in their session, to every call to the
/// service. Kept out of <see cref="ConsentApiClient"/> so a generated client can take its place unchanged.
/// </summary>
public sealed class SessionBearerHandler(IHttpContextAccessor accessor) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is null && accessor.HttpContext is { } http
            && await http.GetTokenAsync("access_token") is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await base.SendAsync(request, cancellationToken);
    }
}
