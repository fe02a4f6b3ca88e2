using System.Net;
using System.Text;
using Consent.IntegrationTests.Infrastructure;

namespace Consent.IntegrationTests.Patients;

/// <summary>Bad input gets a problem with a stable code, never a 500, and writes nothing.</summary>
[Collection(ServiceCollection.Name)]
public sealed class BadInputTests(SharedService service)
{
    public sealed record BadRequest(string Name, string Method, string Path, string? Body, string ContentType, int Status, string Code, string? IfMatch = null)
    {
        public override string ToString() => Name;
    }

    private const string P = "{patient}";

    public static TheoryData<BadRequest> Cases() =>
    [
        new("malformed JSON", "PUT", $"/v1/patients/{P}/consent", "{", "application/json", 400, "invalid-request"),
        new("trailing garbage", "POST", $"/v1/patients/{P}/relations", $$"""{"provider":"{{Demo.Gp}}"} x""", "application/json", 400, "invalid-request"),
        new("unknown consent type", "PUT", $"/v1/patients/{P}/consent", """{"type":"sometimes"}""", "application/json", 400, "invalid-request"),
        new("unknown field", "PUT", $"/v1/patients/{P}/consent", """{"type":"retrospective","extra":true}""", "application/json", 400, "invalid-request"),
        new("array instead of object", "POST", $"/v1/patients/{P}/relations", "[]", "application/json", 400, "invalid-request"),
        new("missing provider", "POST", $"/v1/patients/{P}/relations", "{}", "application/json", 400, "invalid-request"),
        new("provider of the wrong type", "POST", $"/v1/patients/{P}/relations", """{"provider":12345625004}""", "application/json", 400, "invalid-request"),
        new("wrong content type", "POST", $"/v1/patients/{P}/relations", $$"""{"provider":"{{Demo.Gp}}"}""", "text/plain", 415, "unsupported-media-type"),
        new("body over 64 KiB", "POST", $"/v1/patients/{P}/relations", $$"""{"provider":"{{Demo.Gp}}","proof":"{{new string('x', 70_000)}}"}""", "application/json", 413, "payload-too-large"),
        new("short NIHDI", "POST", $"/v1/patients/{P}/relations", """{"provider":"123"}""", "application/json", 400, "invalid-nihdi"),
        new("NIHDI check digits wrong", "POST", $"/v1/patients/{P}/relations", """{"provider":"12345626004"}""", "application/json", 400, "invalid-nihdi"),
        new("provider not in the directory", "POST", $"/v1/patients/{P}/relations", $$"""{"provider":"{{Demo.Unlisted}}"}""", "application/json", 422, "unknown-provider"),
        new("unknown relation type", "POST", $"/v1/patients/{P}/relations", $$"""{"provider":"{{Demo.Gp}}","type":"friendship"}""", "application/json", 400, "invalid-relation-type"),
        new("end before start", "POST", $"/v1/patients/{P}/relations", $$"""{"provider":"{{Demo.Gp}}","start":"2026-05-01T00:00:00Z","end":"2026-04-01T00:00:00Z"}""", "application/json", 400, "invalid-period"),
        new("end before default start", "POST", $"/v1/patients/{P}/relations", $$"""{"provider":"{{Demo.Gp}}","end":"2001-04-01T00:00:00Z"}""", "application/json", 400, "invalid-period"),
        new("unknown proof", "POST", $"/v1/patients/{P}/relations", $$"""{"provider":"{{Demo.Gp}}","proof":"handshake"}""", "application/json", 400, "invalid-request"),
        new("patient declares a consultation", "POST", $"/v1/patients/{P}/relations", $$"""{"provider":"{{Demo.Gp}}","type":"consultation"}""", "application/json", 403, "forbidden"),
        new("invalid INSS in path", "PUT", "/v1/patients/12345678901/consent", null, "application/json", 400, "invalid-inss"),
        new("exclusion reason too long", "POST", $"/v1/patients/{P}/exclusions", $$"""{"provider":"{{Demo.Gp}}","reason":"{{new string('r', 600)}}"}""", "application/json", 400, "invalid-request"),
        new("exclusion of an unlisted provider", "POST", $"/v1/patients/{P}/exclusions", $$"""{"provider":"{{Demo.Unlisted}}"}""", "application/json", 422, "unknown-provider"),
        new("lift with a bad number", "DELETE", $"/v1/patients/{P}/exclusions/abc", null, "application/json", 400, "invalid-nihdi"),
        new("malformed If-Match", "PUT", $"/v1/patients/{P}/consent", null, "application/json", 400, "invalid-request", "version-7"),
        new("unknown relation id", "DELETE", $"/v1/patients/{P}/relations/not-a-guid", null, "application/json", 404, "unknown-relation"),
        new("end worked out past 2200", "POST", $"/v1/patients/{P}/relations", $$"""{"provider":"{{Demo.Gp}}","start":"2199-12-01T00:00:00Z"}""", "application/json", 400, "invalid-period"),
        new("line feed before a number in the query", "GET", $"/v1/patients/{P}/access-log?limit=%0A10", null, "application/json", 400, "invalid-request"),
        new("day and month that read two ways in at", "GET", $"/v1/patients/{P}?at=01/03/2026", null, "application/json", 400, "invalid-request"),
        new("line feed after an instant in the query", "GET", $"/v1/patients/{P}?at=2026-03-01T09:00:00Z%0A", null, "application/json", 400, "invalid-request"),
        new("bidi override in a query value", "GET", $"/v1/patients/{P}/relations?status=active%E2%80%AE", null, "application/json", 400, "invalid-request"),
        new("control character in a query parameter's name", "GET", $"/v1/patients/{P}/relations?sta%01tus=active", null, "application/json", 400, "invalid-request"),
        new("tab in the path's INSS", "PUT", $"/v1/patients/{P}%09/consent", null, "application/json", 400, "invalid-request"),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_bad_request_is_a_problem_with_its_code_and_writes_nothing(BadRequest bad)
    {
        var patient = TestPatients.Next();
        var client = service.Patient(patient);
        using var request = new HttpRequestMessage(new HttpMethod(bad.Method), bad.Path.Replace(P, patient.Value, StringComparison.Ordinal));
        if (bad.Body is not null)
        {
            request.Content = new StringContent(bad.Body, Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(bad.ContentType);
        }
        if (bad.IfMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", bad.IfMatch);
        }

        var response = await client.SendAsync(request);

        Assert.Equal(bad.Status, (int)response.StatusCode);
        Assert.Equal(bad.Code, await response.ProblemCode());
        var history = await (await service.Auditor().GetAsync($"/v1/patients/{patient}/history")).Json();
        Assert.Equal(0, history.GetProperty("events").GetArrayLength());
    }

    [Fact]
    public async Task A_relation_id_with_a_control_character_ends_nothing()
    {
        var patient = TestPatients.Next();
        var client = service.Patient(patient);
        var relation = await (await client.PostJson($"/v1/patients/{patient}/relations", new { provider = Demo.Gp })).Json();

        // Guid parsing forgives surrounding whitespace; the input rules do not.
        var response = await client.DeleteAsync($"/v1/patients/{patient}/relations/{relation.Str("id")}%0A");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid-request", await response.ProblemCode());
        var relations = await (await client.GetAsync($"/v1/patients/{patient}/relations")).Json();
        Assert.Equal("active", relations[0].Str("status"));
    }

    [Fact]
    public async Task A_batch_of_a_thousand_full_questions_is_answered_in_order()
    {
        // A thousand questions with their numbers written with separators and a break-the-glass text each are far
        // more than one question's 64 KiB body; the contract allows a thousand.
        var patients = Enumerable.Range(0, 1000).Select(_ => TestPatients.Next()).ToList();
        var justification = "Patient brought in unconscious; " + new string('x', 400);
        var body = new
        {
            requests = patients.Select(p => new
            {
                patient = $"{p.Value[..2]}.{p.Value[2..4]}.{p.Value[4..6]}-{p.Value[6..9]}.{p.Value[9..]}",
                provider = "1-23456-25-004",
                documentType = "medication-scheme",
                breakTheGlass = justification,
            }),
        };

        var response = await service.Provider(Demo.Gp).PostJson("/v1/access-decisions/batch", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.Json()).GetProperty("results");
        Assert.Equal(patients.Select(p => p.Value), results.EnumerateArray().Select(r => r.Str("patient")));
        Assert.All(results.EnumerateArray(), r => Assert.Equal(("deny", "no-consent"), (r.Str("decision"), r.GetProperty("reasons")[0].GetString())));
    }

    [Fact]
    public async Task Bad_decision_requests_are_refused_and_not_logged()
    {
        var patient = TestPatients.Next();
        var gp = service.Provider(Demo.Gp);
        var cases = new (object Body, string Url, string Code)[]
        {
            (new { patient = patient.Value, provider = Demo.Gp, documentType = "x-ray" }, "/v1/access-decisions", "invalid-document-type"),
            (new { patient = patient.Value, provider = Demo.Gp, breakTheGlass = "urgent" }, "/v1/access-decisions", "invalid-request"),
            (new { patient = "85073003329", provider = Demo.Gp }, "/v1/access-decisions", "invalid-inss"),
            (new { patient = patient.Value, provider = "12345626004" }, "/v1/access-decisions", "invalid-nihdi"),
            (new { requests = Enumerable.Range(0, 1001).Select(_ => new { patient = patient.Value, provider = Demo.Gp }) }, "/v1/access-decisions/batch", "invalid-request"),
            (new { requests = new object[] { new { patient = patient.Value, provider = Demo.Gp }, new { patient = patient.Value, provider = "1" } } }, "/v1/access-decisions/batch", "invalid-nihdi"),
        };

        foreach (var (body, url, code) in cases)
        {
            var response = await gp.PostJson(url, body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(code, await response.ProblemCode());
        }
        var log = await (await service.Patient(patient).GetAsync($"/v1/patients/{patient}/access-log")).Json();
        Assert.Equal(0, log.GetArrayLength());
    }
}
