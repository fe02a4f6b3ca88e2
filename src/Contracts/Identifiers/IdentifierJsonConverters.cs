using System.Text.Json;
using System.Text.Json.Serialization;

namespace Consent.Contracts.Identifiers;

/// <summary>Writes an INSS as its 11 digits and reads any accepted spelling of one.</summary>
public sealed class InssJsonConverter : JsonConverter<Inss>
{
    public override Inss Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Inss.TryParse(reader.GetString(), out var inss) ? inss.Value : throw new JsonException("invalid-inss");

    public override void Write(Utf8JsonWriter writer, Inss value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}

/// <summary>Writes a NIHDI number as its 11 digits and reads any accepted spelling of one.</summary>
public sealed class NihdiJsonConverter : JsonConverter<Nihdi>
{
    public override Nihdi Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Nihdi.TryParse(reader.GetString(), out var nihdi) ? nihdi.Value : throw new JsonException("invalid-nihdi");

    public override void Write(Utf8JsonWriter writer, Nihdi value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}

/// <summary>Writes a provider identity as its 8 digits.</summary>
public sealed class ProviderIdJsonConverter : JsonConverter<ProviderId>
{
    public override ProviderId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ProviderId.TryParse(reader.GetString(), out var id) ? id.Value : throw new JsonException("invalid-nihdi");

    public override void Write(Utf8JsonWriter writer, ProviderId value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
