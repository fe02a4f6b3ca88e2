namespace Consent.Service.Hosting;

/// <summary>
/// Token validation settings (section "Auth"). Production names an OIDC Authority; the local and test
/// profiles sign their own tokens with SigningKey and may turn on DevTokens.
/// </summary>
public sealed class AuthSettings
{
    public string Issuer { get; set; } = "consent-dev";
    public string Audience { get; set; } = "consent-api";
    public string? Authority { get; set; }
    public string? SigningKey { get; set; }
    public bool DevTokens { get; set; }
    public int DevTokenMinutes { get; set; } = 60;

    public const string DevelopmentSigningKey = "consent-development-signing-key-change-me-0123456789";

    public string EffectiveSigningKey => SigningKey ?? DevelopmentSigningKey;
}
