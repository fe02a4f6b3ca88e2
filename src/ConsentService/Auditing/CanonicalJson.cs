using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Consent.Service.Auditing;

/// <summary>
/// One byte sequence per JSON value, whoever formatted it: PostgreSQL's jsonb reorders keys, drops
/// duplicate keys (the last wins), re-escapes strings and rewrites numbers (1E2 becomes 100), so the
/// text we append and the text we read back differ while meaning the same. Hashes are taken over this
/// form: object keys sorted by ordinal, no whitespace, strings escaping only '"', '\' and control
/// characters (as \u00xx), numbers as exact decimal digits without trailing zeros and an exponent.
/// </summary>
public static class CanonicalJson
{
    public static void Write(JsonElement value, IBufferWriter<byte> output)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                // jsonb keeps the last of duplicate keys: so does this form.
                var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var property in value.EnumerateObject())
                {
                    properties[property.Name] = property.Value;
                }
                Raw(output, "{");
                var first = true;
                foreach (var (name, member) in properties.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    Raw(output, first ? "" : ",");
                    first = false;
                    WriteString(name, output);
                    Raw(output, ":");
                    Write(member, output);
                }
                Raw(output, "}");
                break;
            case JsonValueKind.Array:
                Raw(output, "[");
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Raw(output, index++ == 0 ? "" : ",");
                    Write(item, output);
                }
                Raw(output, "]");
                break;
            case JsonValueKind.String:
                WriteString(value.GetString()!, output);
                break;
            case JsonValueKind.Number:
                Raw(output, Number(value.GetRawText()));
                break;
            case JsonValueKind.True:
                Raw(output, "true");
                break;
            case JsonValueKind.False:
                Raw(output, "false");
                break;
            case JsonValueKind.Null:
                Raw(output, "null");
                break;
            default:
                throw new JsonException($"No canonical form for a {value.ValueKind} value.");
        }
    }

    public static byte[] Of(JsonElement value)
    {
        var output = new ArrayBufferWriter<byte>();
        Write(value, output);
        return output.WrittenSpan.ToArray();
    }

    public static void WriteString(string text, IBufferWriter<byte> output)
    {
        var escaped = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => escaped.Append("\\\""),
                '\\' => escaped.Append("\\\\"),
                < ' ' => escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => escaped.Append(c),
            };
        }
        Raw(output, escaped.Append('"').ToString());
    }

    /// <summary>
    /// The exact value of a JSON number as significant digits and a power of ten ("15e-1" for 1.50,
    /// "1e2" for 100 and 1E2): no double in between, so no two different numbers share a form.
    /// </summary>
    public static string Number(string json)
    {
        var negative = json.StartsWith('-');
        var body = negative ? json[1..] : json;
        var e = body.IndexOfAny(['e', 'E']);
        var mantissa = e < 0 ? body : body[..e];
        var exponent = e < 0 ? 0 : long.Parse(body[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = point < 0 ? mantissa : mantissa[..point] + mantissa[(point + 1)..];
        exponent -= point < 0 ? 0 : mantissa.Length - point - 1;
        digits = digits.TrimStart('0');
        if (digits.Length == 0)
        {
            return "0";
        }
        var significant = digits.TrimEnd('0');
        exponent += digits.Length - significant.Length;
        return (negative ? "-" : "") + significant + (exponent == 0 ? "" : "e" + exponent.ToString(CultureInfo.InvariantCulture));
    }

    internal static void Raw(IBufferWriter<byte> output, string ascii)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(ascii.Length));
        output.Advance(Encoding.UTF8.GetBytes(ascii, span));
    }
}
