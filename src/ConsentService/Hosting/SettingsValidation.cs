using Consent.Service.Caching;
using Consent.Service.Patients;

namespace Consent.Service.Hosting;

/// <summary>
/// Refuses to start on a wrong setting, naming the key and what is expected: a replica that starts
/// half-configured fails later, on a patient's request, which is worse.
/// </summary>
public static class SettingsValidation
{
    public static void Validate(IConfiguration configuration, AuthSettings auth, RelationDurations durations, bool publicKeysAllowed)
    {
        var problems = new List<string>();
        // The development keys are public: outside the local and test profiles, starting with them would
        // accept forged tokens and make pseudonyms reversible. Fail closed instead.
        if (!publicKeysAllowed)
        {
            if (auth.Authority is null && (auth.SigningKey is null || auth.SigningKey == AuthSettings.DevelopmentSigningKey))
            {
                problems.Add("Auth:Authority (an OIDC authority) or Auth:SigningKey (a secret of your own) is required outside Development.");
            }
            if (configuration["Logging:PseudonymKey"] is not { Length: >= 16 } pseudonymKey || pseudonymKey == Pseudonyms.DevelopmentKey)
            {
                problems.Add("Logging:PseudonymKey (a secret of at least 16 characters) is required outside Development.");
            }
        }
        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString("Consent")))
        {
            problems.Add("ConnectionStrings:Consent is required (the PostgreSQL connection string).");
        }
        else
        {
            try
            {
                _ = new Npgsql.NpgsqlConnectionStringBuilder(configuration.GetConnectionString("Consent"));
            }
            catch (ArgumentException e)
            {
                problems.Add($"ConnectionStrings:Consent is not a valid PostgreSQL connection string: {e.Message}");
            }
        }
        if (auth.Authority is { } authority && !Uri.TryCreate(authority, UriKind.Absolute, out _))
        {
            problems.Add($"Auth:Authority must be an absolute URL, not '{authority}'.");
        }
        if (auth.Authority is null && auth.SigningKey is { Length: < 32 })
        {
            problems.Add("Auth:SigningKey must be at least 32 characters (HS256).");
        }
        if (string.IsNullOrWhiteSpace(auth.Issuer) || string.IsNullOrWhiteSpace(auth.Audience))
        {
            problems.Add("Auth:Issuer and Auth:Audience must not be empty.");
        }
        foreach (var type in Enum.GetValues<RelationType>())
        {
            if (!durations.Months.TryGetValue(type, out var months) || months is < 1 or > 120)
            {
                problems.Add($"Relations:Months:{type} must be a number of months from 1 to 120.");
            }
        }
        CheckRange(configuration, "AccessLog:Flushers", 1, 1, 64, problems);
        CheckRange(configuration, "Consent:OwnConsentFromAge", ConsentAge.DefaultOwnConsentFrom, 12, ConsentAge.Adulthood, problems);
        var zone = ConsentTimeZone(configuration);
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            // No silent fallback to UTC: the zone decides on which day a minor turns the age of their own consent.
            problems.Add($"Consent:TimeZone '{zone}' is not a time zone this machine knows (an IANA id such as {DefaultTimeZone}; install tzdata).");
        }
        CheckRange(configuration, "Cache:MaxPatients", PatientStateCache.DefaultCapacity, 0, 50_000_000, problems);
        CheckRange(configuration, "Cache:WarmPatients", PatientCacheWarmer.DefaultWarmPatients, 0, 50_000_000, problems);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The configuration is not valid:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)));
        }
    }

    /// <summary>Belgium's: birthdays, and so the age rule of a minor's consent, fall on its calendar.</summary>
    public const string DefaultTimeZone = "Europe/Brussels";

    public static string ConsentTimeZone(IConfiguration configuration) => configuration["Consent:TimeZone"] is { Length: > 0 } zone ? zone : DefaultTimeZone;

    private static void CheckRange(IConfiguration configuration, string key, int fallback, int min, int max, List<string> problems)
    {
        var raw = configuration[key];
        if (raw is not null && (!int.TryParse(raw, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < min || value > max))
        {
            problems.Add($"{key} must be a whole number from {min} to {max} (default {fallback}), not '{raw}'.");
        }
    }
}
