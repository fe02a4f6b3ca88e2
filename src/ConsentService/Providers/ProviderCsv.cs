using Consent.Contracts.Identifiers;

namespace Consent.Service.Providers;

/// <summary>A line of an import file that was refused, and why.</summary>
public sealed record RefusedLine(int Line, string Reason);

/// <summary>What a provider file holds: the providers it states and the lines it refuses.</summary>
public sealed record ProviderFile(IReadOnlyList<Provider> Providers, IReadOnlyList<RefusedLine> Refused);

/// <summary>
/// Reads a provider import file. UTF-8, one provider a line, a header naming the columns in any order:
/// nihdi, firstName, lastName (required), city, institutions (optional; NIHDI numbers of hospitals
/// separated by '|'). Fields are separated by ';' or ',' (whichever the header uses) and may be quoted
/// with "..." ("" for a quote inside). The profession and qualification come from the NIHDI number.
/// </summary>
public static class ProviderCsv
{
    private static readonly string[] Required = ["nihdi", "firstname", "lastname"];

    public static ProviderFile Parse(TextReader reader)
    {
        var providers = new List<Provider>();
        var refused = new List<RefusedLine>();
        var header = reader.ReadLine()?.TrimStart('\uFEFF');
        if (header is null)
        {
            return new ProviderFile(providers, [new RefusedLine(1, "The file is empty: a header line is required.")]);
        }
        var separator = header.Count(c => c == ';') >= header.Count(c => c == ',') ? ';' : ',';
        var columns = Split(header, separator)?.Select(c => c.Trim().ToLowerInvariant()).ToList() ?? [];
        var missing = Required.Where(r => !columns.Contains(r)).ToList();
        if (missing.Count > 0)
        {
            return new ProviderFile(providers, [new RefusedLine(1, $"The header lacks the column(s) {string.Join(", ", missing)}.")]);
        }

        var seen = new Dictionary<ProviderId, int>();
        var number = 1;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var fields = Split(line, separator);
            if (fields is null || fields.Count != columns.Count)
            {
                refused.Add(new RefusedLine(number, $"Expected {columns.Count} fields separated by '{separator}'."));
                continue;
            }
            var row = columns.Zip(fields).ToDictionary(p => p.First, p => p.Second.Trim());
            var (provider, reason) = ToProvider(row);
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
        }
        return new ProviderFile(providers, refused);
    }

    private static (Provider?, string?) ToProvider(Dictionary<string, string> row)
    {
        if (!Nihdi.TryParse(row["nihdi"], out var nihdi))
        {
            return (null, $"'{row["nihdi"]}' is not a valid NIHDI number (11 digits, check digits, profession 1-8).");
        }
        if (row["lastname"].Length == 0)
        {
            return (null, "lastName is empty.");
        }
        if (row["lastname"].Length > 200 || row["firstname"].Length > 200)
        {
            return (null, "A name is longer than 200 characters.");
        }
        var institutions = new List<ProviderId>();
        foreach (var text in (row.GetValueOrDefault("institutions") ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!ProviderId.TryParse(text, out var institution) || institution.Value.Profession != Profession.Hospital)
            {
                return (null, $"Institution '{text}' is not the NIHDI number of a hospital.");
            }
            institutions.Add(institution.Value);
        }
        var city = row.GetValueOrDefault("city") is { Length: > 0 } c ? c : null;
        return (new Provider(nihdi.Value, row["firstname"], row["lastname"], nihdi.Value.Profession, nihdi.Value.Qualification, city, institutions), null);
    }

    /// <summary>Splits one line into fields, honouring quotes; null when a quote is left open.</summary>
    public static List<string>? Split(string line, char separator)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == separator)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }
        fields.Add(field.ToString());
        return quoted ? null : fields;
    }
}
