using System.Text.Json;
using Consent.Service.Access;
using Consent.Service.Hosting;
using Consent.Service.Patients.Api;
using Microsoft.AspNetCore.Http;

namespace Consent.UnitTests.Hosting;

/// <summary>The strict reader of request and bus bodies, and what it says when it refuses one.</summary>
public sealed class RequestBodyTests
{
    private static string Refusal<T>(string json) =>
        RequestBody.Describe(Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<T>(json, RequestBody.Strict)));

    [Fact]
    public void A_null_in_a_list_is_refused_by_its_place()
    {
        Assert.Equal("requests[1] must not be null.",
            Refusal<BatchDecisionRequest>("""{"requests":[{"patient":"85073003328","provider":"12345625004"},null]}"""));
        Assert.Equal("represents[0] must not be null.", Refusal<DevTokens.TokenRequest>("""{"role":"patient","represents":[null]}"""));
    }

    [Fact]
    public void Lists_without_nulls_and_absent_optional_lists_still_read()
    {
        var batch = JsonSerializer.Deserialize<BatchDecisionRequest>(
            """{"requests":[{"patient":"85073003328","provider":"12345625004"}]}""", RequestBody.Strict)!;
        var token = JsonSerializer.Deserialize<DevTokens.TokenRequest>("""{"role":"auditor"}""", RequestBody.Strict)!;

        Assert.Equal("12345625004", Assert.Single(batch.Requests).Provider);
        Assert.Null(token.Represents);
    }

    [Fact]
    public void A_null_list_where_one_is_required_is_still_refused_as_a_missing_value() =>
        Assert.Equal("Invalid or missing value at $.requests.", Refusal<BatchDecisionRequest>("""{"requests":null}"""));

    [Fact]
    public void A_member_given_twice_is_refused_whichever_case_it_is_spelled_in()
    {
        Assert.Equal("$.type appears more than once.", Refusal<GiveConsentRequest>("""{"type":"retrospective","type":"prospective"}"""));
        Assert.Contains("more than once", Refusal<GiveConsentRequest>("""{"type":"retrospective","Type":"prospective"}"""), StringComparison.Ordinal);
        Assert.Contains("more than once", Refusal<BatchDecisionRequest>(
            """{"requests":[{"patient":"85073003328","provider":"12345625004","provider":"12345626004"}]}"""), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_byte_order_mark_before_the_body_is_skipped()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. "{\"type\":\"prospective\"}"u8];
        var http = new DefaultHttpContext();
        http.Request.ContentType = "application/json";
        http.Request.ContentLength = body.Length;
        http.Request.Body = new MemoryStream(body);

        var request = await RequestBody.ReadAsync<GiveConsentRequest>(http.Request);

        Assert.Equal("prospective", request.Type);
    }

    [Theory]
    [InlineData("Failed to bind parameter \"Nullable<int> limit\" from \"abc\".", "limit must be a whole number in range.")]
    [InlineData("Failed to bind parameter \"Nullable<long> before\" from \"99999999999999999999\".", "before must be a whole number in range.")]
    [InlineData("Failed to bind parameter \"DateTimeOffset at\" from \"soon\".", "at must be an ISO 8601 instant.")]
    [InlineData("Required parameter \"int limit\" was not provided from query string.", "limit is required.")]
    [InlineData("Unexpected end of request content.", "Unexpected end of request content.")]
    public void A_value_the_route_cannot_read_is_named_without_its_CLR_type(string aspNetMessage, string detail) =>
        Assert.Equal(detail, BindingFailures.Describe(aspNetMessage));

    [Fact]
    public void An_idempotency_key_sent_empty_or_twice_is_refused_and_one_left_out_is_none()
    {
        static string Key(params string[] values)
        {
            var headers = new HeaderDictionary();
            if (values.Length > 0)
            {
                headers["Idempotency-Key"] = values;
            }
            return PatientWrites.IdempotencyKey(headers);
        }

        Assert.Equal("", Key());
        Assert.Equal("key-1", Key("key-1"));
        Assert.Equal("invalid-request", Assert.Throws<RefusedException>(() => Key("")).Code);
        Assert.Equal("invalid-request", Assert.Throws<RefusedException>(() => Key("key-1", "key-2")).Code);
    }
}
