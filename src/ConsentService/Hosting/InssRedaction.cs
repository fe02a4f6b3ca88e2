using System.Text.RegularExpressions;
using Consent.Contracts.Identifiers;

namespace Consent.Service.Hosting;

/// <summary>
/// Blanks every number that reads as an INSS in text bound for logs or traces (a request path, a
/// framework's message): the one rule the log formatter and the HTTP spans share.
/// </summary>
public static partial class InssRedaction
{
    public const string Redacted = "[inss]";

    public static string? Redact(string? text) =>
        text is null ? null : PatientNumber().Replace(text, m => Inss.TryParse(m.Value, out _) ? Redacted : m.Value);

    // 11 digits, plain or with the separators people write them with (85.07.30-033.28).
    [GeneratedRegex(@"(?<!\d)\d{2}[.\- ]?\d{2}[.\- ]?\d{2}[.\- ]?\d{3}[.\- ]?\d{2}(?!\d)")]
    private static partial Regex PatientNumber();
}
