using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace Consent.Portal.Auth;

/// <summary>
/// Backend-for-frontend sign-in: the browser holds an HttpOnly session cookie (SameSite=Strict, or Lax behind the
/// national login); the bearer token for the consent service stays on the server, in the session store.
/// </summary>
public static class PortalAuth
{
    public static IServiceCollection AddPortalAuth(this IServiceCollection services, PortalSettings settings)
    {
        services.AddDistributedMemoryCache();
        services.AddSingleton<SessionTicketStore>();
        services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>, SessionStoreSetup>();
        services.AddScoped<PatientSession>();

        var oidc = !string.IsNullOrWhiteSpace(settings.Oidc.Authority) && !settings.DevSignIn;
        var auth = services.AddAuthentication(options =>
        {
            options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            options.DefaultChallengeScheme = oidc ? OpenIdConnectDefaults.AuthenticationScheme : CookieAuthenticationDefaults.AuthenticationScheme;
        }).AddCookie(options =>
        {
            options.Cookie.Name = "consent.portal";
            options.Cookie.HttpOnly = true;
            // Strict keeps the session out of every request another site starts. With the national login, though, the
            // way back from its sign-in page is such a request: a Strict cookie would not come along, the portal would
            // ask the login again, and so on. Lax still keeps it out of another site's forms and embedded requests.
            options.Cookie.SameSite = oidc ? SameSiteMode.Lax : SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.LoginPath = "/sign-in";
            options.LogoutPath = "/sign-out";
            options.AccessDeniedPath = "/sign-in";
            // The session ends with the service token it holds, never later.
            options.SlidingExpiration = false;
        });

        if (oidc)
        {
            // The national login (eID, itsme) as an OIDC authority: configured here, not built by this project.
            // Its tokens must carry the claims the service reads: role, inss and, for representatives, represents.
            auth.AddOpenIdConnect(options =>
            {
                options.Authority = settings.Oidc.Authority;
                options.ClientId = settings.Oidc.ClientId;
                options.ClientSecret = settings.Oidc.ClientSecret;
                options.ResponseType = "code";
                options.UsePkce = true;
                options.SaveTokens = true;
                options.MapInboundClaims = false;
                options.GetClaimsFromUserInfoEndpoint = true;
                // Claims the login gives only at its userinfo endpoint are dropped unless mapped; without inss the session
                // names no record. Each is taken once, whether the ID token already carried it or not.
                foreach (var claim in new[] { "inss", "represents", "role", "name" })
                {
                    options.ClaimActions.MapUniqueJsonKey(claim, claim);
                }
                options.Scope.Add(settings.Oidc.ApiScope);
                options.TokenValidationParameters.NameClaimType = "name";
            });
        }
        services.AddAuthorization();
        return services;
    }
}
