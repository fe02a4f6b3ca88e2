using Consent.Service.Hosting;
using Microsoft.Extensions.Configuration;

namespace Consent.UnitTests.Hosting;

/// <summary>A wrong setting stops start-up with a message that names it.</summary>
public sealed class SettingsValidationTests
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["ConnectionStrings:Consent"] = "Host=127.0.0.1;Port=5432;Username=consent;Database=consent",
    };

    private const string OwnPseudonymKey = "a-pseudonym-key-of-our-own";

    /// <summary>In the local and test profiles (public development keys allowed) unless told otherwise.</summary>
    private static void Validate(
        Dictionary<string, string?> settings, AuthSettings? auth = null, RelationDurations? durations = null, bool publicKeysAllowed = true) =>
        SettingsValidation.Validate(
            new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), auth ?? new AuthSettings(), durations ?? new RelationDurations(), publicKeysAllowed);

    private static string Refusal(Dictionary<string, string?> settings, AuthSettings auth) =>
        Assert.Throws<InvalidOperationException>(() => Validate(settings, auth, publicKeysAllowed: false)).Message;

    private static Dictionary<string, string?> WithPseudonymKey(string? key) => new(Valid) { ["Logging:PseudonymKey"] = key };

    [Fact]
    public void The_defaults_with_a_connection_string_are_valid() => Validate(Valid);

    [Theory]
    [InlineData("ConnectionStrings:Consent", null, "ConnectionStrings:Consent is required")]
    [InlineData("ConnectionStrings:Consent", "Hots=nowhere;;=", "not a valid PostgreSQL connection string")]
    [InlineData("AccessLog:Flushers", "0", "AccessLog:Flushers must be a whole number from 1 to 64")]
    [InlineData("AccessLog:Flushers", "many", "AccessLog:Flushers")]
    [InlineData("Consent:OwnConsentFromAge", "21", "Consent:OwnConsentFromAge must be a whole number from 12 to 18")]
    [InlineData("Cache:MaxPatients", "-5", "Cache:MaxPatients")]
    [InlineData("Consent:TimeZone", "Europe/Atlantis", "Consent:TimeZone 'Europe/Atlantis' is not a time zone this machine knows")]
    public void A_wrong_value_is_named_in_the_refusal(string key, string? value, string expected)
    {
        var settings = new Dictionary<string, string?>(Valid) { [key] = value };
        var refusal = Assert.Throws<InvalidOperationException>(() => Validate(settings));
        Assert.Contains(expected, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_short_signing_key_and_a_relative_authority_are_refused()
    {
        Assert.Contains("Auth:SigningKey", Assert.Throws<InvalidOperationException>(() => Validate(Valid, new AuthSettings { SigningKey = "short" })).Message, StringComparison.Ordinal);
        Assert.Contains("Auth:Authority", Assert.Throws<InvalidOperationException>(() => Validate(Valid, new AuthSettings { Authority = "login/realms/x" })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relation_duration_out_of_range_is_refused()
    {
        var durations = new RelationDurations();
        durations.Months[RelationType.Emergency] = 0;
        var refusal = Assert.Throws<InvalidOperationException>(() => Validate(Valid, durations: durations));
        Assert.Contains("Relations:Months:Emergency", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Outside_development_the_public_development_keys_are_refused()
    {
        var refusal = Refusal(Valid, new AuthSettings());

        Assert.Contains("Auth:Authority", refusal, StringComparison.Ordinal);
        Assert.Contains("Logging:PseudonymKey", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Outside_development_an_authority_or_an_own_signing_key_with_an_own_pseudonym_key_is_valid()
    {
        Validate(WithPseudonymKey(OwnPseudonymKey), new AuthSettings { Authority = "https://login.example.org/realms/consent" }, publicKeysAllowed: false);
        Validate(WithPseudonymKey(OwnPseudonymKey), new AuthSettings { SigningKey = new string('k', 32) }, publicKeysAllowed: false);
    }

    [Fact]
    public void Outside_development_the_development_signing_key_is_refused_even_when_named()
    {
        var refusal = Refusal(WithPseudonymKey(OwnPseudonymKey), new AuthSettings { SigningKey = AuthSettings.DevelopmentSigningKey });

        Assert.Contains("Auth:Authority", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain("Logging:PseudonymKey", refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("fifteen-chars-x")]
    [InlineData(Pseudonyms.DevelopmentKey)]
    public void Outside_development_a_missing_short_or_development_pseudonym_key_is_refused(string? key)
    {
        var refusal = Refusal(WithPseudonymKey(key), new AuthSettings { Authority = "https://login.example.org/realms/consent" });

        Assert.Contains("Logging:PseudonymKey", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain("Auth:Authority", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pseudonym_key_of_exactly_16_characters_is_enough()
    {
        Validate(WithPseudonymKey("sixteen-chars-xx"), new AuthSettings { Authority = "https://login.example.org/realms/consent" }, publicKeysAllowed: false);
    }

    [Fact]
    public void In_development_the_public_keys_are_allowed() => Validate(Valid, new AuthSettings(), publicKeysAllowed: true);
}
