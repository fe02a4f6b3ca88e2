using Consent.Service.Auditing;
using Microsoft.Net.Http.Headers;

namespace Consent.UnitTests.Auditing;

/// <summary>The export's format from the Accept header, by RFC 9110's rules: qualities and ranges count.</summary>
public sealed class ExportNegotiationTests
{
    private static string? Negotiate(string? accept) =>
        ExportEndpoints.Negotiate(accept is null ? [] : MediaTypeHeaderValue.ParseList([accept]));

    [Theory]
    [InlineData(null, ExportEndpoints.NdJson)]
    [InlineData("application/x-ndjson", ExportEndpoints.NdJson)]
    [InlineData("application/fhir+json", ExportEndpoints.FhirJson)]
    [InlineData("application/fhir+json, application/x-ndjson", ExportEndpoints.NdJson)]
    [InlineData("application/x-ndjson;q=0.5, application/fhir+json", ExportEndpoints.FhirJson)]
    [InlineData("application/*", ExportEndpoints.NdJson)]
    [InlineData("*/*", ExportEndpoints.NdJson)]
    [InlineData("application/*;q=0.2, application/fhir+json;q=0.9", ExportEndpoints.FhirJson)]
    [InlineData("*/*, application/x-ndjson;q=0", ExportEndpoints.FhirJson)]
    public void The_best_format_the_caller_accepts_is_chosen(string? accept, string expected) =>
        Assert.Equal(expected, Negotiate(accept));

    [Theory]
    [InlineData("text/csv")]
    [InlineData("application/x-ndjson;q=0")]
    [InlineData("application/json")]
    [InlineData("*/*;q=0")]
    public void A_header_that_accepts_neither_format_gets_none(string accept) => Assert.Null(Negotiate(accept));
}
