using System.Text.Json;
using Consent.Service.EventStore;

namespace Consent.Service.Patients;

/// <summary>Stable event type names, never CLR names: they are the store's and the bus's contract.</summary>
public static class PatientEventTypes
{
    private static readonly Dictionary<Type, string> Names = new()
    {
        [typeof(ConsentGiven)] = "consent-given",
        [typeof(ConsentRevoked)] = "consent-revoked",
        [typeof(PatientDeceased)] = "patient-deceased",
        [typeof(TherapeuticRelationAdded)] = "therapeutic-relation-added",
        [typeof(TherapeuticRelationRenewed)] = "therapeutic-relation-renewed",
        [typeof(TherapeuticRelationEnded)] = "therapeutic-relation-ended",
        [typeof(ExclusionAdded)] = "exclusion-added",
        [typeof(ExclusionLifted)] = "exclusion-lifted",
    };

    private static readonly Dictionary<string, Type> Types = Names.ToDictionary(p => p.Value, p => p.Key);

    public static IReadOnlyCollection<string> All => Types.Keys;

    public static string NameOf(PatientEvent e) => Names[e.GetType()];

    public static JsonElement Serialize(PatientEvent e) => JsonSerializer.SerializeToElement(e, e.GetType(), StoreJson.Options);

    public static PatientEvent Deserialize(string type, string json) =>
        (PatientEvent)(JsonSerializer.Deserialize(json, ClrTypeOf(type), StoreJson.Options) ?? throw new JsonException($"Empty {type} event."));

    /// <summary>From the UTF-8 the store sent, without making a string of it first.</summary>
    public static PatientEvent Deserialize(string type, ReadOnlySpan<byte> utf8Json) =>
        (PatientEvent)(JsonSerializer.Deserialize(utf8Json, ClrTypeOf(type), StoreJson.Options) ?? throw new JsonException($"Empty {type} event."));

    public static PatientEvent Deserialize(string type, JsonElement data) =>
        (PatientEvent)(data.Deserialize(ClrTypeOf(type), StoreJson.Options) ?? throw new JsonException($"Empty {type} event."));

    private static Type ClrTypeOf(string type) =>
        Types.TryGetValue(type, out var clrType) ? clrType : throw new JsonException($"Unknown event type {type}.");
}
