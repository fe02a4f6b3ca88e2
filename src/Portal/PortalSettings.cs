namespace Consent.Portal;

/// <summary>The portal's settings (section "Portal"); environment variables use Portal__Key.</summary>
public sealed class PortalSettings
{
    /// <summary>Base address of the consent service, whose /v1 API the portal calls server-side.</summary>
    public string ServiceUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>The local profile's sign-in page with demo patients, backed by the service's POST /dev/token.</summary>
    public bool DevSignIn { get; set; }

    /// <summary>Production sign-in (the national login: eID, itsme) through an OIDC authority; configured, not built here.</summary>
    public OidcSettings Oidc { get; set; } = new();

    /// <summary>Times are shown in this zone: the patients are in Belgium, wherever the server runs.</summary>
    public string TimeZone { get; set; } = "Europe/Brussels";

    /// <summary>How long one call to the service may take before the portal says it is unavailable.</summary>
    public TimeSpan ServiceTimeout { get; set; } = TimeSpan.FromSeconds(15);

    public void Validate()
    {
        if (!Uri.TryCreate(ServiceUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException("The configuration is not valid: Portal:ServiceUrl must be an absolute http(s) address of the consent service.");
        }
        if (!DevSignIn && string.IsNullOrWhiteSpace(Oidc.Authority))
        {
            throw new InvalidOperationException(
                "The configuration is not valid: set Portal:Oidc:Authority (production) or Portal:DevSignIn=true (local profile only), or nobody can sign in.");
        }
        if (!string.IsNullOrWhiteSpace(Oidc.Authority) && string.IsNullOrWhiteSpace(Oidc.ClientId))
        {
            throw new InvalidOperationException("The configuration is not valid: Portal:Oidc:ClientId is required with Portal:Oidc:Authority.");
        }
    }
}

public sealed class OidcSettings
{
    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    /// <summary>The scope that makes the authority issue an access token for the consent API.</summary>
    public string ApiScope { get; set; } = "consent-api";
}
