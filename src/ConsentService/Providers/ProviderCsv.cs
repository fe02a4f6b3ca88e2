using System.Text;
using Consent.Contracts.Identifiers;

namespace Consent.Service.Providers;

/// <summary>A line of an import file that was refused, and why.</summary>
public sealed record RefusedLine(int Line, string Reason);

/// <summary>What a provider file holds: the providers it states and the lines it refuses.</summary>
public sealed record ProviderFile(IReadOnlyList<Provider> Providers, IReadOnlyList<RefusedLine> Refused);

/// <summary>
/// Reads a provider import file (the format admins send to POST /v1/providers/import and to the
/// import-providers command):
/// <code>
/// nihdi;firstName;lastName;qualification;city;institutions
/// 1-23456-25-004;Émile;Dupré;004;Roeselare;71000139000|71000238
/// 71000139000;;"AZ Delta; campus Rumbeke";;Roeselare;
/// </code>
/// UTF-8 (a byte order mark is allowed), one provider a line, line 1 a header naming the columns in any
/// order, case-insensitive. nihdi, firstName and lastName are required; qualification, city and
/// institutions may be left out. The separator is ';' or ',', whichever the header uses; a field may be
/// quoted ("..." with "" for a quote) to hold the separator. nihdi: 11 digits, separators allowed, or
/// the 8-digit identity when the qualification column gives the last 3; the profession is the number's
/// first digit. Institutions: hospital NIHDI numbers (8 or 11 digits) separated by '|'. An empty line is
/// skipped. Every refused line is reported with its number and reason, and a provider (8-digit identity)
/// stated twice is refused on its second line.
/// </summary>
public static class ProviderCsv
{
    public static readonly string[] Columns = ["nihdi", "firstName", "lastName", "qualification", "city", "institutions"];

    private static readonly string[] Required = ["nihdi", "firstname", "lastname"];

    public static ProviderFile Parse(TextReader reader)
    {
        var file = new Reading();
        try
        {
            for (var line = reader.ReadLine(); line is not null && file.Take(line); line = reader.ReadLine())
            {
            }
        }
        catch (DecoderFallbackException)
        {
            file.NotUtf8();
        }
        return file.Result();
    }

    /// <summary>As <see cref="Parse"/>, for a request body or another stream that must not be read synchronously.</summary>
    public static async Task<ProviderFile> ParseAsync(TextReader reader, CancellationToken cancellationToken)
    {
        var file = new Reading();
        try
        {
            for (var line = await reader.ReadLineAsync(cancellationToken); line is not null && file.Take(line); line = await reader.ReadLineAsync(cancellationToken))
            {
            }
        }
        catch (DecoderFallbackException)
        {
            file.NotUtf8();
        }
        return file.Result();
    }

    /// <summary>The encoding to read files with: invalid bytes throw rather than become '\uFFFD' in a name.</summary>
    public static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The state of one file being read, line by line.</summary>
    private sealed class Reading
    {
        private readonly List<Provider> providers = [];
        private readonly List<RefusedLine> refused = [];
        private readonly Dictionary<ProviderId, int> seen = [];
        private List<string>? columns;
        private char separator;
        private int number;

        /// <summary>Takes the next line; false when the rest of the file cannot be read.</summary>
        public bool Take(string line)
        {
            number++;
            if (columns is null)
            {
                return Header(line.TrimStart('\uFEFF'));
            }
            if (string.IsNullOrWhiteSpace(line))
            {
                return true;
            }
            var fields = CsvFields.Split(line, separator);
            if (fields is null)
            {
                refused.Add(new RefusedLine(number, "A quote is left open (a field may not span lines)."));
                return true;
            }
            if (fields.Count != columns.Count)
            {
                refused.Add(new RefusedLine(number, $"Expected {columns.Count} fields separated by '{separator}', found {fields.Count}."));
                return true;
            }
            var row = columns.Zip(fields).ToDictionary(p => p.First, p => p.Second.Trim());
            var (provider, reason) = ProviderCsvRow.ToProvider(row);
            if (provider is null)
            {
                refused.Add(new RefusedLine(number, reason!));
            }
            else if (seen.TryGetValue(provider.Nihdi.Identity, out var first))
            {
                refused.Add(new RefusedLine(number, $"Provider {provider.Nihdi.Identity} is already on line {first}."));
            }
            else
            {
                seen[provider.Nihdi.Identity] = number;
                providers.Add(provider);
            }
            return true;
        }

        public void NotUtf8() =>
            refused.Add(new RefusedLine(number + 1, "The file is not valid UTF-8 from here on: save it as UTF-8 (names carry accents)."));

        public ProviderFile Result() =>
            columns is null && refused.Count == 0
                ? new ProviderFile([], [new RefusedLine(1, "The file is empty: a header line is required.")])
                : new ProviderFile(providers, refused);

        private bool Header(string header)
        {
            separator = header.Count(c => c == ';') >= header.Count(c => c == ',') ? ';' : ',';
            var names = CsvFields.Split(header, separator)?.Select(c => c.Trim().ToLowerInvariant()).ToList() ?? [];
            var known = Columns.Select(c => c.ToLowerInvariant()).ToHashSet();
            var problems = new List<string>();
            var missing = Required.Where(r => !names.Contains(r)).ToList();
            if (missing.Count > 0)
            {
                problems.Add($"lacks the column(s) {string.Join(", ", missing)}");
            }
            var unknown = names.Where(n => !known.Contains(n)).Distinct().ToList();
            if (unknown.Count > 0)
            {
                problems.Add($"has unknown column(s) {string.Join(", ", unknown.Select(u => $"'{u}'"))}");
            }
            var twice = names.GroupBy(n => n).Where(g => g.Count() > 1 && known.Contains(g.Key)).Select(g => g.Key).ToList();
            if (twice.Count > 0)
            {
                problems.Add($"names {string.Join(", ", twice)} twice");
            }
            if (problems.Count > 0)
            {
                // Without a usable header no line can be read: one refusal says it all.
                refused.Add(new RefusedLine(1, $"The header {string.Join("; ", problems)} (expected {string.Join(separator, Columns)})."));
                return false;
            }
            columns = names;
            return true;
        }
    }
}
