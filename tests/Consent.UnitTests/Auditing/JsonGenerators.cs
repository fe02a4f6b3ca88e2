using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Consent.Tests.Auditing;

/// <summary>A generated JSON value, which can be written in two different but equivalent ways.</summary>
internal abstract record JsonValue
{
    /// <summary>As System.Text.Json would write it: keys in order, no spaces, short escapes.</summary>
    public abstract string Plain();

    /// <summary>
    /// The same value as another writer might: keys reversed, whitespace everywhere, every character of
    /// a string as a \u escape, numbers with the decimal point moved and trailing zeros.
    /// </summary>
    public abstract string Reformatted();
}

internal sealed record JsonObject(IReadOnlyList<(string Key, JsonValue Value)> Members) : JsonValue
{
    public override string Plain() => "{" + string.Join(",", Members.Select(m => JsonText.Quote(m.Key) + ":" + m.Value.Plain())) + "}";

    public override string Reformatted() =>
        "{ \n" + string.Join(" ,\n ", Members.Reverse().Select(m => JsonText.Escaped(m.Key) + " : " + m.Value.Reformatted())) + "\t}";
}

internal sealed record JsonArray(IReadOnlyList<JsonValue> Items) : JsonValue
{
    public override string Plain() => "[" + string.Join(",", Items.Select(i => i.Plain())) + "]";

    public override string Reformatted() => "[ " + string.Join(" , ", Items.Select(i => i.Reformatted())) + " ]";
}

internal sealed record JsonString(string Value) : JsonValue
{
    public override string Plain() => JsonText.Quote(Value);

    public override string Reformatted() => JsonText.Escaped(Value);
}

/// <summary>A number: sign, integer digits, fraction digits, exponent.</summary>
internal sealed record JsonNumber(bool Negative, int Integer, string Fraction, int Exponent) : JsonValue
{
    public override string Plain() =>
        (Negative ? "-" : "") + Integer.ToString(CultureInfo.InvariantCulture) + (Fraction.Length > 0 ? "." + Fraction : "")
        + (Exponent != 0 ? "e" + Exponent.ToString(CultureInfo.InvariantCulture) : "");

    public override string Reformatted()
    {
        var digits = (Integer.ToString(CultureInfo.InvariantCulture) + Fraction).TrimStart('0');
        if (digits.Length == 0)
        {
            return "0.000";
        }
        // digits * 10^(Exponent - Fraction.Length), written as 0.digits000E+n.
        var exponent = Exponent - Fraction.Length + digits.Length;
        return (Negative ? "-" : "") + "0." + digits + "000E" + (exponent >= 0 ? "+" : "") + exponent.ToString(CultureInfo.InvariantCulture);
    }
}

internal sealed record JsonLiteral(string Text) : JsonValue
{
    public override string Plain() => Text;

    public override string Reformatted() => Text;
}

internal static class JsonText
{
    public static string Quote(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                < ' ' => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }
        return text.Append('"').ToString();
    }

    public static string Escaped(string value) => "\"" + string.Concat(value.Select(c => $"\\u{(int)c:x4}")) + "\"";
}

/// <summary>Generators of JSON values that PostgreSQL's jsonb accepts (no \u0000, no lone surrogates).</summary>
internal static class JsonGenerators
{
    private static readonly string[] Fragments =
        ["a", "Z", "7", " ", "\"", "\\", "/", "\n", "\t", "\u0001", "\u001f", "\u007f", "é", "ß", "€", "日本", "😀", "\u202e", "<", "'", "consent"];

    public static readonly Gen<string> Text =
        Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(Gen.Elements(Fragments), n)).Select(parts => string.Concat(parts));

    public static readonly Gen<JsonValue> Number =
        from negative in Gen.Elements(false, true)
        from integer in Gen.Choose(0, 99_999)
        from fractionDigits in Gen.Choose(0, 4)
        from fraction in Gen.Choose(0, 9999)
        from exponent in Gen.Choose(-8, 8)
        select (JsonValue)new JsonNumber(negative, integer,
            fractionDigits == 0 ? "" : fraction.ToString(CultureInfo.InvariantCulture).PadLeft(fractionDigits, '0')[..fractionDigits], exponent);

    private static readonly Gen<JsonValue> Leaf = Gen.OneOf(
        Text.Select(s => (JsonValue)new JsonString(s)),
        Number,
        Gen.Elements<JsonValue>(new JsonLiteral("true"), new JsonLiteral("false"), new JsonLiteral("null")));

    public static Gen<JsonValue> Value(int depth) => depth <= 0 ? Leaf : Gen.Frequency(
        (3, Leaf),
        (1, Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(Value(depth - 1), n)).Select(items => (JsonValue)new JsonArray(items))),
        (2, Object(depth)));

    /// <summary>An object with distinct keys (jsonb keeps only the last of duplicates, a writer never makes them).</summary>
    public static Gen<JsonValue> Object(int depth) =>
        Gen.Choose(0, 5).SelectMany(n => Gen.ArrayOf(Gen.Zip(Text, Value(depth - 1)), n))
            .Select(members => (JsonValue)new JsonObject([.. members.DistinctBy(m => m.Item1).Select(m => (m.Item1, m.Item2))]));
}
