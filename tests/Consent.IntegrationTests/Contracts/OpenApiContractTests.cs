using System.Net;
using System.Text.Json.Nodes;
using Consent.IntegrationTests.Infrastructure;
using Consent.Service.Hosting.OpenApi;

namespace Consent.IntegrationTests.Contracts;

/// <summary>
/// The OpenAPI document integrators generate clients from is src/Contracts/openapi.json, written by the service's build
/// (Microsoft.Extensions.ApiDescription.Server, see ConsentService.csproj): the served one must be exactly it, byte for
/// byte, so every contract change shows in review and the build's document is the served one.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class OpenApiContractTests(SharedService service)
{
    [Fact]
    public async Task The_served_document_is_the_committed_contract()
    {
        var response = await service.CreateClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var served = await response.Content.ReadAsStringAsync();
        var path = Path.Combine(TestEnvironment.RepositoryRoot(), "src", "Contracts", "openapi.json");

        Assert.True(File.Exists(path), "src/Contracts/openapi.json is missing: build the service (dotnet build src/ConsentService) to generate it.");
        var committed = await File.ReadAllTextAsync(path);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(committed), JsonNode.Parse(served)),
            "The served OpenAPI document differs from src/Contracts/openapi.json: build the service (dotnet build src/ConsentService), which rewrites it, and review the change.");
        Assert.Equal(committed, served);
    }

    [Fact]
    public async Task Every_operation_is_described_secured_and_lists_its_problems()
    {
        var document = await ServedAsync();
        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => (Path: path.Key, Method: op.Key, Operation: op.Value!.AsObject())))
            .ToList();

        Assert.NotEmpty(operations);
        Assert.Equal(OperationContracts.All.Keys.Order(), operations.Select(o => (string)o.Operation["operationId"]!).Order());
        foreach (var (path, method, operation) in operations)
        {
            var where = $"{method.ToUpperInvariant()} {path}";
            Assert.False(string.IsNullOrWhiteSpace((string?)operation["description"]), $"{where} has no description");
            Assert.NotNull(operation["security"]);
            var responses = operation["responses"]!.AsObject();
            Assert.Contains("401", responses.Select(r => r.Key));
            foreach (var (status, response) in responses.Where(r => r.Key[0] is '4' or '5'))
            {
                var content = response!["content"]!.AsObject();
                Assert.True(content.ContainsKey("application/problem+json"), $"{where} {status} is not a problem");
                Assert.NotEmpty(content["application/problem+json"]!["schema"]!["properties"]!["code"]!["enum"]!.AsArray());
            }
        }
    }

    [Fact]
    public async Task A_decision_s_minPosition_is_documented_as_never_negative()
    {
        var schemas = (await ServedAsync())["components"]!["schemas"]!;

        foreach (var request in new[] { "DecisionRequest", "BatchDecisionRequest" })
        {
            Assert.Equal(0, (int?)schemas[request]!["properties"]!["minPosition"]!["minimum"]);
        }
    }

    [Fact]
    public async Task The_browsable_documentation_is_served()
    {
        var docs = await service.CreateClient().GetAsync("/docs/index.html");

        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("swagger", await docs.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    private async Task<JsonNode> ServedAsync()
    {
        var response = await service.CreateClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
