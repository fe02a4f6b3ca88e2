using Consent.Portal;

namespace Consent.PortalTests.Presentation;

/// <summary>A portal nobody can sign in to, or one without a service to call, does not start.</summary>
public sealed class SettingsTests
{
    [Fact]
    public void Neither_the_demo_sign_in_nor_an_oidc_authority_stops_start_up_naming_both_keys()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new PortalSettings().Validate());
        Assert.Contains("Portal:Oidc:Authority", error.Message, StringComparison.Ordinal);
        Assert.Contains("Portal:DevSignIn", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_authority_needs_a_client_id()
    {
        var settings = new PortalSettings { Oidc = { Authority = "https://idp.example.org/realms/care" } };
        Assert.Contains("Portal:Oidc:ClientId", Assert.Throws<InvalidOperationException>(settings.Validate).Message, StringComparison.Ordinal);
        settings.Oidc.ClientId = "consent-portal";
        settings.Validate();
    }

    [Fact]
    public void The_service_address_must_be_an_absolute_http_address()
    {
        var settings = new PortalSettings { DevSignIn = true, ServiceUrl = "consent-service" };
        Assert.Contains("Portal:ServiceUrl", Assert.Throws<InvalidOperationException>(settings.Validate).Message, StringComparison.Ordinal);
    }
}
