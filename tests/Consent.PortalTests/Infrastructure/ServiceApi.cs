using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Consent.PortalTests.Infrastructure;

/// <summary>
/// The service's REST API as the tests use it beside the browser: arranging a fresh patient's record
/// (as the patient, or as a provider) and asking access decisions as a provider, over real HTTP.
/// </summary>
public sealed class ServiceApi(Uri baseAddress) : IDisposable
{
    /// <summary>Dr. Émile Dupré, the demo directory's GP (1-23456-25-004).</summary>
    public const string Gp = "12345625004";

    private readonly HttpClient http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public async Task<string> TokenAsync(object request)
    {
        using var response = await http.PostAsJsonAsync("/dev/token", request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    public Task<string> PatientTokenAsync(string inss) => TokenAsync(new { role = "patient", inss });

    public Task<string> ProviderTokenAsync(string nihdi) => TokenAsync(new { role = "provider", nihdi });

    /// <summary>A fresh patient with consent given and a GMD relation registered by the GP's software.</summary>
    public async Task<string> PatientWithConsentAndGpAsync()
    {
        var inss = FreshPatients.Next();
        await SendAsync(HttpMethod.Put, $"/v1/patients/{inss}/consent", await PatientTokenAsync(inss), new { });
        await AddGpRelationAsync(inss);
        return inss;
    }

    public async Task AddGpRelationAsync(string inss) =>
        await SendAsync(HttpMethod.Post, $"/v1/patients/{inss}/relations", await ProviderTokenAsync(Gp),
            new { provider = Gp, type = "gmd", proof = "eid-reading" });

    /// <summary>The patient excludes a provider over the API (as if from another window or device).</summary>
    public async Task AddExclusionAsync(string inss, string nihdi) =>
        await SendAsync(HttpMethod.Post, $"/v1/patients/{inss}/exclusions", await PatientTokenAsync(inss), new { provider = nihdi });

    /// <summary>POST /v1/access-decisions as the provider itself (logged in the patient's access log).</summary>
    public async Task<JsonElement> DecideAsync(string inss, string provider, string documentType = "sumehr", string? breakTheGlass = null)
    {
        using var response = await SendAsync(HttpMethod.Post, "/v1/access-decisions", await ProviderTokenAsync(provider),
            new { patient = inss, provider, documentType, breakTheGlass });
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>An auditor reads the patient's record (itself written to the patient's access log).</summary>
    public async Task ReadAsAuditorAsync(string inss) =>
        (await SendAsync(HttpMethod.Get, $"/v1/patients/{inss}", await TokenAsync(new { role = "auditor", name = "Inspectie" }), null)).Dispose();

    public async Task<JsonElement> GetPatientAsync(string inss)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/v1/patients/{inss}", await PatientTokenAsync(inss), null);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        return response;
    }

    public void Dispose() => http.Dispose();
}
