using System.Text.RegularExpressions;

namespace Consent.Service.Hosting;

/// <summary>
/// Says why a route or query value could not be read in the contract's terms. ASP.NET's own message
/// names the parameter by its CLR type (<c>Failed to bind parameter "Nullable&lt;int&gt; limit" from "abc".</c>),
/// which tells a client nothing it can use and tells everyone how the service is built. Kestrel's other
/// refusals (a body cut short) say nothing of the kind and pass as they are.
/// </summary>
public static partial class BindingFailures
{
    public static string Describe(string message) =>
        FailedToBind().Match(message) is { Success: true } failed
            ? $"{failed.Groups["name"].Value} must be {Expected(failed.Groups["type"].Value)}."
            : NotProvided().Match(message) is { Success: true } missing
                ? $"{missing.Groups["name"].Value} is required."
                : message;

    private static string Expected(string clrType) => clrType switch
    {
        _ when clrType.Contains("int", StringComparison.OrdinalIgnoreCase) || clrType.Contains("long", StringComparison.OrdinalIgnoreCase) => "a whole number in range",
        _ when clrType.Contains("DateTime", StringComparison.Ordinal) => "an ISO 8601 instant",
        _ when clrType.Contains("bool", StringComparison.OrdinalIgnoreCase) => "true or false",
        _ when clrType.Contains("Guid", StringComparison.Ordinal) => "an identifier",
        _ => "a valid value",
    };

    [GeneratedRegex("""^Failed to bind parameter "(?<type>.*) (?<name>[A-Za-z0-9_]+)" from """)]
    private static partial Regex FailedToBind();

    [GeneratedRegex("""^Required parameter "(?<type>.*) (?<name>[A-Za-z0-9_]+)" was not provided""")]
    private static partial Regex NotProvided();
}
