using Consent.Service.Hosting;
using Consent.Service.Patients;
using Microsoft.Extensions.Configuration;

namespace Consent.UnitTests.Hosting;

/// <summary>A wrong setting stops start-up with a message that names it.</summary>
public sealed class SettingsValidationTests
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["ConnectionStrings:Consent"] = "Host=127.0.0.1;Port=5432;Username=consent;Database=consent",
    };

    private static void Validate(Dictionary<string, string?> settings, AuthSettings? auth = null, RelationDurations? durations = null) =>
        SettingsValidation.Validate(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), auth ?? new AuthSettings(), durations ?? new RelationDurations());

    [Fact]
    public void The_defaults_with_a_connection_string_are_valid() => Validate(Valid);

    [Theory]
    [InlineData("ConnectionStrings:Consent", null, "ConnectionStrings:Consent is required")]
    [InlineData("ConnectionStrings:Consent", "Hots=nowhere;;=", "not a valid PostgreSQL connection string")]
    [InlineData("AccessLog:Flushers", "0", "AccessLog:Flushers must be a whole number from 1 to 64")]
    [InlineData("AccessLog:Flushers", "many", "AccessLog:Flushers")]
    [InlineData("Cache:MaxPatients", "-5", "Cache:MaxPatients")]
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
}
