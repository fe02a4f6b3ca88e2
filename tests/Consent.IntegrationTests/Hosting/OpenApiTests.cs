using System.Net;
using Consent.IntegrationTests.Infrastructure;

namespace Consent.IntegrationTests.Hosting;

/// <summary>api.md: the OpenAPI document at /openapi/v1.json and a browsable UI at /docs.</summary>
[Collection(ServiceCollection.Name)]
public sealed class OpenApiTests(SharedService service)
{
    [Fact]
    public async Task The_OpenAPI_document_describes_the_routes()
    {
        var response = await service.CreateClient().GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.Json();
        Assert.StartsWith("3.", document.Str("openapi"), StringComparison.Ordinal);
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/v1/access-decisions", paths);
        Assert.Contains("/v1/patients/{inss}/consent", paths);
        Assert.Contains("/v1/patients/{inss}/relations", paths);
        Assert.Contains("/v1/patients/{inss}/exclusions", paths);
    }

    [Fact]
    public async Task The_docs_page_is_served_as_HTML()
    {
        var response = await service.CreateClient().GetAsync("/docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("swagger-ui", html, StringComparison.OrdinalIgnoreCase);
    }
}
