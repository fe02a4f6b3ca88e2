using System.Text;

namespace Consent.Service.Providers;

/// <summary>
/// The fields of one CSV line (RFC 4180 quoting: "..." around a field, "" for a quote inside it).
/// A quoted field may hold the separator but not a line break: import files are read line by line
/// so that every refusal can name its line.
/// </summary>
public static class CsvFields
{
    /// <summary>The fields of <paramref name="line"/>; null when a quote is left open.</summary>
    public static List<string>? Split(string line, char separator)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
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

    /// <summary>A field as written to a file: quoted when it holds the separator, a quote or outer spaces.</summary>
    public static string Quote(string field, char separator) =>
        field.Contains(separator) || field.Contains('"') || field.Contains('\n') || field.Contains('\r') || field.Trim().Length != field.Length
            ? $"\"{field.Replace("\"", "\"\"")}\""
            : field;
}
