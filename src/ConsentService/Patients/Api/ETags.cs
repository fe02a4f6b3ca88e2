using System.Globalization;

namespace Consent.Service.Patients.Api;

/// <summary>A patient resource's ETag is its stream version, quoted.</summary>
public static class ETags
{
    public static string Of(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    public static bool TryParse(string value, out long version)
    {
        var trimmed = value.Trim();
        if (trimmed.StartsWith("W/", StringComparison.Ordinal))
        {
            trimmed = trimmed[2..];
        }
        version = 0;
        return trimmed.Length > 2 && trimmed[0] == '"' && trimmed[^1] == '"'
            && long.TryParse(trimmed[1..^1], NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }
}
