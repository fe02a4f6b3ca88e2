using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Consent.Contracts.Identifiers;
using Consent.IntegrationTests.Infrastructure;
using Consent.IntegrationTests.Providers;
using Consent.Service.Auditing;

namespace Consent.IntegrationTests.Auditing;

/// <summary>The NDJSON export carries what an auditor needs to check the chain offline, and verify-export does.</summary>
[Collection(ServiceCollection.Name)]
public sealed class ExportTests(SharedService service)
{
    [Fact]
    public async Task An_export_holds_every_event_with_its_hash_and_ends_at_the_head_the_integrity_route_names()
    {
        var patient = await PatientWithFiveEventsAsync();

        var lines = await ExportAsync(service.Patient(patient), patient);

        Assert.Equal([1L, 2L, 3L, 4L, 5L], lines.Select(l => l.GetProperty("version").GetInt64()));
        Assert.All(lines, l => Assert.Matches("^[0-9a-f]{64}$", l.Str("hash")));
        Assert.All(lines, l => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$", l.Str("recordedAt")));
        Assert.Equal("portal", lines[0].Str("channel"));
        Assert.Equal(patient.Value, lines[0].GetProperty("actor").Str("id"));
        Assert.Equal(Demo.Nurse, lines[3].GetProperty("data").Str("provider"));
        Assert.True(lines[1].GetProperty("position").GetInt64() > lines[0].GetProperty("position").GetInt64());
        var integrity = await (await service.Auditor().GetAsync($"/v1/patients/{patient}/integrity")).Json();
        Assert.Equal(integrity.Str("headHash"), lines[^1].Str("hash"));
    }

    [Fact]
    public async Task Verify_export_passes_a_real_export_and_names_the_first_broken_version_of_a_tampered_copy()
    {
        var patient = await PatientWithFiveEventsAsync();
        var response = await Export(service.Auditor(), patient, ExportEndpoints.NdJson);
        var text = await response.Content.ReadAsStringAsync();
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var real = new ProviderCli.TempFile(text);
        using var edited = new ProviderCli.TempFile(string.Join('\n', lines.Select((l, i) => i == 2 ? l.Replace(Demo.Physician, Demo.Dentist, StringComparison.Ordinal) : l)));
        using var shortened = new ProviderCli.TempFile(string.Join('\n', lines.Where((_, i) => i != 1)));

        var (exit, output) = await ProviderCli.RunAsync("", "verify-export", real.Path);
        var (editedExit, editedOutput) = await ProviderCli.RunAsync("", "verify-export", edited.Path);
        var (shortenedExit, shortenedOutput) = await ProviderCli.RunAsync("", "verify-export", shortened.Path);

        Assert.True(exit == 0, output);
        var head = JsonDocument.Parse(lines[^1]).RootElement.Str("hash");
        Assert.Contains($"patient-{patient}: 5 events, chain intact, head hash {head}", output, StringComparison.Ordinal);
        Assert.True(editedExit == 1, editedOutput);
        Assert.Contains("BROKEN, first broken version 3", editedOutput, StringComparison.Ordinal);
        Assert.True(shortenedExit == 1, shortenedOutput);
        Assert.Contains("BROKEN, first broken version 2", shortenedOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("provider")]
    [InlineData("his")]
    [InlineData("admin")]
    public async Task Only_the_patient_side_and_auditors_may_export(string role)
    {
        var patient = TestPatients.Next();
        var client = service.ClientFor(role, nihdi: Demo.Gp, institution: Demo.AzDelta);

        var response = await Export(client, patient, ExportEndpoints.NdJson);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("forbidden", await response.ProblemCode());
    }

    [Fact]
    public async Task An_export_in_a_format_the_service_does_not_make_is_refused_with_a_problem()
    {
        var patient = TestPatients.Next();
        var response = await Export(service.Patient(patient), patient, "text/csv");
        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        Assert.Equal("not-acceptable", await response.ProblemCode());
    }

    [Fact]
    public async Task The_openapi_document_lists_the_auditors_routes()
    {
        var document = await (await service.CreateClient().GetAsync("/openapi/v1.json")).Json();
        var paths = document.GetProperty("paths");

        Assert.True(paths.TryGetProperty("/v1/patients/{inss}/integrity", out var integrity));
        Assert.True(integrity.TryGetProperty("get", out _));
        Assert.True(paths.TryGetProperty("/v1/patients/{inss}/export", out var export), string.Join(", ", paths.EnumerateObject().Select(p => p.Name)));
        var content = export.GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.True(content.TryGetProperty(ExportEndpoints.NdJson, out _), content.ToString());
        Assert.True(content.TryGetProperty(ExportEndpoints.FhirJson, out _), content.ToString());
    }

    private async Task<Inss> PatientWithFiveEventsAsync()
    {
        var patient = TestPatients.Next();
        var client = service.Patient(patient);
        await client.PutJson($"/v1/patients/{patient}/consent");
        await client.PostJson($"/v1/patients/{patient}/relations", new { provider = Demo.Gp });
        await client.PostJson($"/v1/patients/{patient}/relations", new { provider = Demo.Physician });
        await client.PostJson($"/v1/patients/{patient}/exclusions", new { provider = Demo.Nurse, reason = "a \"neighbour\", Dupré" });
        await client.DeleteAsync($"/v1/patients/{patient}/consent");
        return patient;
    }

    private static async Task<List<JsonElement>> ExportAsync(HttpClient client, Inss patient)
    {
        var response = await Export(client, patient, ExportEndpoints.NdJson);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ExportEndpoints.NdJson, response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }

    internal static async Task<HttpResponseMessage> Export(HttpClient client, Inss patient, string mediaType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/patients/{patient}/export");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
        return await client.SendAsync(request);
    }
}
