using System.Text.Json;
using System.Text.Json.Serialization;

namespace Consent.Service.Hosting;

/// <summary>
/// A list that may also be sent as one string: api.md gives the dev token's <c>represents</c> no type, and a
/// single represented child is as naturally written "17073003384" as ["17073003384"]. Each string passes the
/// same input rules as any other.
/// </summary>
public sealed class OneOrManyStrings : JsonConverter<string[]>
{
    private static readonly CleanStringConverter Clean = new();

    public override string[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return [Clean.Read(ref reader, typeof(string), options)!];
        }
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("A string or an array of strings was expected.");
        }
        var values = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            // A null is kept in its place: NullElements refuses it by that place, as in any other list.
            values.Add(reader.TokenType == JsonTokenType.Null ? null! : Clean.Read(ref reader, typeof(string), options)!);
        }
        return [.. values];
    }

    public override void Write(Utf8JsonWriter writer, string[] value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, options);
}
