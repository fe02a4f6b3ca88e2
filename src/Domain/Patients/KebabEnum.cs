using System.Text.Json;

namespace Consent.Domain;

/// <summary>Public names of enum values: kebab-case, as in api.md ("patient-declared", "eid-reading").</summary>
public static class KebabEnum
{
    public static string Name<T>(T value) where T : struct, Enum =>
        Names<T>.ByValue.TryGetValue(value, out var name) ? name : Convert(value);

    private static string Convert<T>(T value) where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    // Computed once per enum type: names are asked for on every logged decision.
    private static class Names<T> where T : struct, Enum
    {
        public static readonly IReadOnlyDictionary<T, string> ByValue =
            Enum.GetValues<T>().Distinct().ToDictionary(value => value, Convert);
    }

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(Name(candidate), text, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }
}
