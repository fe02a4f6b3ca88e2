using Consent.Portal;
using Consent.Portal.Auth;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Consent.PortalTests.Presentation;

/// <summary>
/// The session behind the national login (no browser needed): the cookie's SameSite, and the claims the portal keeps
/// from the login's userinfo endpoint.
/// </summary>
public sealed class SessionCookieTests
{
    private static readonly PortalSettings Oidc = new() { Oidc = new OidcSettings { Authority = "https://login.example", ClientId = "portal" } };

    private static SameSiteMode SameSiteWith(PortalSettings settings)
    {
        var services = new ServiceCollection().AddLogging().AddPortalAuth(settings).BuildServiceProvider();
        return services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>()
            .Get(CookieAuthenticationDefaults.AuthenticationScheme).Cookie.SameSite;
    }

    [Fact]
    public void The_claims_the_service_reads_are_kept_from_the_logins_userinfo()
    {
        var services = new ServiceCollection().AddLogging().AddPortalAuth(Oidc).BuildServiceProvider();
        var options = services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(OpenIdConnectDefaults.AuthenticationScheme);

        var mapped = options.ClaimActions.Select(a => a.ClaimType).ToHashSet();

        Assert.Superset(new HashSet<string> { "inss", "represents", "role", "name" }, mapped);
    }

    [Fact]
    public void Behind_the_national_login_the_cookie_comes_back_with_the_logins_redirect()
    {
        // Strict would keep it off the navigation the login starts back to the portal: a loop of sign-ins.
        Assert.Equal(SameSiteMode.Lax, SameSiteWith(Oidc));
        Assert.Equal(SameSiteMode.Strict, SameSiteWith(new PortalSettings { DevSignIn = true }));
    }
}
