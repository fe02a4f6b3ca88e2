using System.Text.Json;
using System.Text.Json.Serialization;

namespace Consent.Service.Hosting;

/// <summary>
/// Every string of every request and bus body passes here: one with a control character or a
/// bidirectional override (api.md's input rules) is refused while reading, before anything can store,
/// log or echo it. The serializer adds the field's path to the refusal.
/// </summary>
public sealed class CleanStringConverter : JsonConverter<string>
{
    public const string Refusal = "forbidden-character";

    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("A string was expected.");
        }
        var value = reader.GetString()!;
        return InputRules.IsClean(value) ? value : throw new JsonException(Refusal);
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
