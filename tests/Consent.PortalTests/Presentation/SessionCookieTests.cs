using Consent.Portal;
using Consent.Portal.Auth;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Consent.PortalTests.Presentation;

/// <summary>The session cookie's SameSite: Strict with the local sign-in, Lax behind the national login (no browser needed).</summary>
public sealed class SessionCookieTests
{
    private static SameSiteMode SameSiteWith(PortalSettings settings)
    {
        var services = new ServiceCollection().AddLogging().AddPortalAuth(settings).BuildServiceProvider();
        return services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>()
            .Get(CookieAuthenticationDefaults.AuthenticationScheme).Cookie.SameSite;
    }

    [Fact]
    public void Behind_the_national_login_the_cookie_comes_back_with_the_logins_redirect()
    {
        // Strict would keep it off the navigation the login starts back to the portal: a loop of sign-ins.
        var oidc = new PortalSettings { Oidc = new OidcSettings { Authority = "https://login.example", ClientId = "portal" } };

        Assert.Equal(SameSiteMode.Lax, SameSiteWith(oidc));
        Assert.Equal(SameSiteMode.Strict, SameSiteWith(new PortalSettings { DevSignIn = true }));
    }
}
