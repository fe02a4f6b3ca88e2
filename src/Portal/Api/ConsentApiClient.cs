using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Consent.Portal.Api;

/// <summary>
/// Every call the portal makes to the consent service's REST API (api.md), and only here: a later
/// issue replaces this class with a client generated from /openapi/v1.json. Refusals become
/// <see cref="ApiProblemException"/> with the problem's code, an unreachable service
/// <see cref="ApiUnavailableException"/>, a refused token <see cref="ApiUnauthenticatedException"/>.
/// </summary>
public sealed partial class ConsentApiClient(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<DevTokenDto> IssueDevTokenAsync(DevTokenRequest request, CancellationToken ct) =>
        await ReadAsync<DevTokenDto>(await SendAsync(new HttpRequestMessage(HttpMethod.Post, "dev/token") { Content = JsonContent.Create(request, options: Json) }, ct), ct);

    public async Task<Versioned<PatientDto>> GetPatientAsync(string inss, CancellationToken ct)
    {
        var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, Patient(inss)), ct);
        var etag = response.Headers.ETag?.ToString();
        return new Versioned<PatientDto>(await ReadAsync<PatientDto>(response, ct), etag);
    }

    /// <summary>"Activeren": give consent (nothing changes when it is already given).</summary>
    public Task GiveConsentAsync(string inss, Write write, CancellationToken ct) =>
        WriteAsync(HttpMethod.Put, Patient(inss) + "/consent", new { type = "retrospective" }, write, ct);

    /// <summary>"Deactiveren": revoke consent.</summary>
    public Task RevokeConsentAsync(string inss, Write write, CancellationToken ct) =>
        WriteAsync(HttpMethod.Delete, Patient(inss) + "/consent", null, write, ct);

    /// <summary>A relation the patient declares in the portal: type patient-declared, proof patient-declaration.</summary>
    public Task AddRelationAsync(string inss, string nihdi, Write write, CancellationToken ct) =>
        WriteAsync(HttpMethod.Post, Patient(inss) + "/relations", new { provider = nihdi, type = "patient-declared", proof = "patient-declaration" }, write, ct);

    public Task EndRelationAsync(string inss, Guid relationId, Write write, CancellationToken ct) =>
        WriteAsync(HttpMethod.Delete, $"{Patient(inss)}/relations/{relationId}", null, write, ct);

    public Task AddExclusionAsync(string inss, string nihdi, string? reason, Write write, CancellationToken ct) =>
        WriteAsync(HttpMethod.Post, Patient(inss) + "/exclusions", new { provider = nihdi, reason }, write, ct);

    public Task LiftExclusionAsync(string inss, string nihdi, Write write, CancellationToken ct) =>
        WriteAsync(HttpMethod.Delete, $"{Patient(inss)}/exclusions/{Uri.EscapeDataString(nihdi)}", null, write, ct);

    public async Task<HistoryDto> GetHistoryAsync(string inss, CancellationToken ct) =>
        await ReadAsync<HistoryDto>(await SendAsync(new HttpRequestMessage(HttpMethod.Get, Patient(inss) + "/history"), ct), ct);

    public async Task<VisibilityDto> GetVisibleToAsync(string inss, CancellationToken ct) =>
        await ReadAsync<VisibilityDto>(await SendAsync(new HttpRequestMessage(HttpMethod.Get, Patient(inss) + "/visible-to"), ct), ct);

    /// <summary>The access log, newest first; <paramref name="before"/> is the cursor the previous page's Link rel=next gave.</summary>
    public async Task<AccessLogPage> GetAccessLogAsync(string inss, int limit, long? before, CancellationToken ct)
    {
        var query = $"?limit={limit.ToString(CultureInfo.InvariantCulture)}" + (before is { } b ? $"&before={b.ToString(CultureInfo.InvariantCulture)}" : "");
        var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, Patient(inss) + "/access-log" + query), ct);
        long? next = null;
        foreach (var link in response.Headers.TryGetValues("Link", out var values) ? values : [])
        {
            if (NextLink().Match(link) is { Success: true } m && long.TryParse(m.Groups[1].Value, CultureInfo.InvariantCulture, out var cursor))
            {
                next = cursor;
            }
        }
        return new AccessLogPage(await ReadAsync<List<AccessLogEntryDto>>(response, ct), next);
    }

    /// <summary>The directory search: a RIZIV number (separators allowed) or first and last name, accents and order ignored.</summary>
    public async Task<IReadOnlyList<ProviderDto>> SearchProvidersAsync(string query, int limit, CancellationToken ct)
    {
        var path = $"v1/providers?q={Uri.EscapeDataString(query)}&limit={limit.ToString(CultureInfo.InvariantCulture)}";
        var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), ct);
        var body = await ReadAsync<JsonElement>(response, ct);
        // A list today; a paged object ({items: [...]}) is read too, so the portal survives that change of shape.
        var list = body.ValueKind == JsonValueKind.Array ? body
            : body.ValueKind == JsonValueKind.Object ? body.EnumerateObject().Select(p => p.Value).FirstOrDefault(v => v.ValueKind == JsonValueKind.Array)
            : default;
        return list.ValueKind == JsonValueKind.Array ? list.Deserialize<List<ProviderDto>>(Json) ?? [] : [];
    }

    /// <summary>One provider of the directory, or null when it is not there.</summary>
    public async Task<ProviderDto?> FindProviderAsync(string nihdi, CancellationToken ct)
    {
        try
        {
            return await ReadAsync<ProviderDto>(await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"v1/providers/{Uri.EscapeDataString(nihdi)}"), ct), ct);
        }
        catch (ApiProblemException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private async Task WriteAsync(HttpMethod method, string path, object? body, Write write, CancellationToken ct)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }
        if (write.IfMatch is { Length: > 0 } etag)
        {
            // The version the page was rendered from: a record changed meanwhile answers 412 and nothing is written.
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }
        if (write.IdempotencyKey is { Length: > 0 } key)
        {
            // The same form posted twice (a double click, a retried request) is applied once.
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }
        (await SendAsync(request, ct)).Dispose();
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        }
        catch (HttpRequestException e)
        {
            throw new ApiUnavailableException("The consent service cannot be reached.", e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new ApiUnavailableException("The consent service did not answer in time.", e);
        }
        finally
        {
            request.Dispose();
        }
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                throw new ApiUnauthenticatedException();
            }
            var problem = await ReadProblemAsync(response, ct);
            if (response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
                || (int)response.StatusCode >= 500 && problem?.Code is null)
            {
                throw new ApiUnavailableException($"The consent service answered {(int)response.StatusCode}.");
            }
            throw new ApiProblemException((int)response.StatusCode, problem?.Code ?? $"http-{(int)response.StatusCode}", problem?.Detail);
        }
    }

    private static async Task<ProblemDto?> ReadProblemAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<ProblemDto>(Json, ct);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        using (response)
        {
            try
            {
                return await response.Content.ReadFromJsonAsync<T>(Json, ct)
                    ?? throw new ApiUnavailableException("The consent service answered an empty body.");
            }
            catch (JsonException e)
            {
                throw new ApiUnavailableException("The consent service answered a body the portal cannot read.", e);
            }
        }
    }

    private static string Patient(string inss) => $"v1/patients/{Uri.EscapeDataString(inss)}";

    [GeneratedRegex("""[?&]before=(\d+)[^>]*>\s*;\s*rel="?next"?""")]
    private static partial Regex NextLink();
}

/// <summary>What a write carries besides its body: the ETag the page was rendered from, and the form's one-time key.</summary>
public readonly record struct Write(string? IfMatch, string? IdempotencyKey);
