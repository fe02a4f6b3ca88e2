using System.Text;
using System.Text.Json;
using Consent.Service.Auditing;
using Consent.Service.EventStore;

namespace Consent.UnitTests.Auditing;

/// <summary>A state written in jsonb's key order compares token by token with the text PostgreSQL gives back.</summary>
public sealed class JsonbOrderTests
{
    // A patient's inline view as PostgreSQL returned it (state::text): keys shorter first, then bytewise; ", " and ": ".
    private const string FromJsonb =
        """
        {"consent": "given", "relations": [{"id": "01a23c12-5fe0-76db-9aed-38f955f38c45", "end": "2027-12-03T13:22:46.880012+00:00", "type": "gmd", "proof": "eid-reading", "start": "2026-12-03T13:22:46.880012+00:00", "provider": "18404759003", "registeredAt": "2026-12-03T13:22:46.880012+00:00", "registeredBy": {"id": "18404759003", "kind": "provider"}}, {"id": "01a23c12-5fe0-7d36-a53d-d94e5ba64dd7", "end": "2027-03-03T13:22:46.880012+00:00", "type": "hospitalisation", "proof": "eid-reading", "start": "2026-12-03T13:22:46.880012+00:00", "provider": "71000337000", "institution": "71000337", "registeredAt": "2026-12-03T13:22:46.880012+00:00", "registeredBy": {"id": "71000337", "kind": "his"}}], "exclusions": [{"by": {"id": "bench", "kind": "patient"}, "since": "2026-12-03T13:22:46.880012+00:00", "reason": "Vertrouwen geschaad: één arts", "provider": "63157688401"}], "isDeceased": false, "consentType": "retrospective", "consentChangedAt": "2026-12-03T13:22:46.880012+00:00", "consentChangedBy": {"id": "18404759003", "kind": "provider"}}
        """;

    private static readonly PatientState State = JsonSerializer.Deserialize<PatientState>(FromJsonb, StoreJson.Options)!;

    [Fact]
    public void A_state_written_in_jsonb_order_has_the_same_tokens_as_the_jsonb_text()
    {
        Assert.True(JsonbOrder.SameTokens(FromJsonb, JsonSerializer.SerializeToUtf8Bytes(State, JsonbOrder.Options)));
    }

    [Fact]
    public void The_same_state_in_declaration_order_does_not()
    {
        Assert.False(JsonbOrder.SameTokens(FromJsonb, JsonSerializer.SerializeToUtf8Bytes(State, StoreJson.Options)));
    }

    [Fact]
    public void A_changed_value_is_told_apart()
    {
        var revoked = State with { Consent = ConsentStatus.Revoked };
        Assert.False(JsonbOrder.SameTokens(FromJsonb, JsonSerializer.SerializeToUtf8Bytes(revoked, JsonbOrder.Options)));
    }

    [Fact]
    public void Strings_are_compared_unescaped()
    {
        // jsonb keeps "é" as it is; the serializer escapes it.
        var written = JsonSerializer.SerializeToUtf8Bytes(new { reason = "één" }, JsonbOrder.Options);
        Assert.Contains("\\u00E9", Encoding.UTF8.GetString(written), StringComparison.OrdinalIgnoreCase);
        Assert.True(JsonbOrder.SameTokens("""{"reason": "één"}""", written));
        Assert.False(JsonbOrder.SameTokens("""{"reason": "een"}""", written));
    }

    [Fact]
    public void A_missing_or_extra_token_is_told_apart()
    {
        Assert.False(JsonbOrder.SameTokens("""{"a": 1}""", """{"a": 1, "b": 2}"""u8));
        Assert.False(JsonbOrder.SameTokens("""{"a": 1, "b": 2}""", """{"a": 1}"""u8));
        Assert.False(JsonbOrder.SameTokens("""{"a": [1]}""", """{"a": 1}"""u8));
    }
}
