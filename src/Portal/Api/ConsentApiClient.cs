using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Consent.Portal.Api.Generated;

namespace Consent.Portal.Api;

/// <summary>
/// Every call the portal makes to the consent service's REST API, and only here. The operations the committed
/// contract (src/Contracts/openapi.json) describes completely go through <see cref="IConsentServiceClient"/>,
/// generated from it at build time (Consent.Portal.csproj): a contract that drifts from these calls no longer builds.
/// The others are still sent by hand until the contract declares them: /dev/token (not in the document), the
/// request bodies of GiveConsent, AddRelation and AddExclusion, and the response bodies of GetAccessLog,
/// GetVisibleTo and GetProvider. Refusals become <see cref="ApiProblemException"/> with the problem's code, an
/// unreachable service <see cref="ApiUnavailableException"/>, a refused token <see cref="ApiUnauthenticatedException"/>.
/// </summary>
public sealed partial class ConsentApiClient(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // ReadResponseAsString: a refusal's problem JSON stays in the exception even when it does not fit the declared schema.
    private readonly IConsentServiceClient service = new ConsentServiceClient(http) { ReadResponseAsString = true };

    public async Task<DevTokenDto> IssueDevTokenAsync(DevTokenRequest request, CancellationToken ct) =>
        await ReadAsync<DevTokenDto>(await SendAsync(new HttpRequestMessage(HttpMethod.Post, "dev/token") { Content = JsonContent.Create(request, options: Json) }, ct), ct);

    public async Task<Versioned<PatientDto>> GetPatientAsync(string inss, CancellationToken ct)
    {
        var response = await CallAsync(() => service.GetPatientAsync(inss, null, ct), ct);
        return new Versioned<PatientDto>(response.Result ?? throw Unreadable(), Header(response.Headers, "ETag"));
    }

    /// <summary>"Activeren": give consent (nothing changes when it is already given).</summary>
    public Task GiveConsentAsync(string inss, Write write, CancellationToken ct) =>
        WriteAsync(HttpMethod.Put, Patient(inss) + "/consent", new { type = "retrospective" }, write, ct);

    /// <summary>"Deactiveren": revoke consent.</summary>
    public Task RevokeConsentAsync(string inss, Write write, CancellationToken ct) =>
        WriteAsync(() => service.RevokeConsentAsync(inss, IfMatch(write), Key(write), ct), ct);

    /// <summary>A relation the patient declares in the portal: type patient-declared, proof patient-declaration.</summary>
    public Task AddRelationAsync(string inss, string nihdi, Write write, CancellationToken ct) =>
        WriteAsync(HttpMethod.Post, Patient(inss) + "/relations", new { provider = nihdi, type = "patient-declared", proof = "patient-declaration" }, write, ct);

    public Task EndRelationAsync(string inss, Guid relationId, Write write, CancellationToken ct) =>
        WriteAsync(() => service.EndRelationAsync(inss, relationId.ToString(), IfMatch(write), Key(write), ct), ct);

    public Task AddExclusionAsync(string inss, string nihdi, string? reason, Write write, CancellationToken ct) =>
        WriteAsync(HttpMethod.Post, Patient(inss) + "/exclusions", new { provider = nihdi, reason }, write, ct);

    public Task LiftExclusionAsync(string inss, string nihdi, Write write, CancellationToken ct) =>
        WriteAsync(() => service.LiftExclusionAsync(inss, nihdi, IfMatch(write), Key(write), ct), ct);

    public async Task<HistoryDto> GetHistoryAsync(string inss, CancellationToken ct) =>
        (await CallAsync(() => service.GetHistoryAsync(inss, ct), ct)).Result ?? throw Unreadable();

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
    /// <remarks>The contract types <c>limit</c> as "integer or numeric string", which the generator cannot pass: the service's default page is trimmed here.</remarks>
    public async Task<IReadOnlyList<ProviderDto>> SearchProvidersAsync(string query, int limit, CancellationToken ct) =>
        [.. ((await CallAsync(() => service.SearchProvidersAsync(query, null, ct), ct)).Result ?? []).Take(limit)];

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

    /// <summary>A write through the generated client; the contract lists 200 only, so another 2xx (204) is a success too.</summary>
    private static async Task WriteAsync(Func<Task<ServiceResponse>> call, CancellationToken ct)
    {
        try
        {
            await CallAsync(call, ct);
        }
        catch (ServiceApiException e) when (e.StatusCode is >= 200 and < 300)
        {
        }
    }

    private static async Task<T> CallAsync<T>(Func<Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await call();
        }
        catch (HttpRequestException e)
        {
            throw new ApiUnavailableException("The consent service cannot be reached.", e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new ApiUnavailableException("The consent service did not answer in time.", e);
        }
        catch (ServiceApiException e) when (e.StatusCode is < 200 or >= 300)
        {
            if (e.StatusCode == (int)HttpStatusCode.Unauthorized)
            {
                throw new ApiUnauthenticatedException();
            }
            var problem = ParseProblem(e.Response);
            if (e.StatusCode is 502 or 503 or 504 || e.StatusCode >= 500 && problem?.Code is null)
            {
                throw new ApiUnavailableException($"The consent service answered {e.StatusCode}.");
            }
            throw new ApiProblemException(e.StatusCode, problem?.Code ?? $"http-{e.StatusCode}", problem?.Detail);
        }
    }

    private static ProblemDto? ParseProblem(string? body)
    {
        try
        {
            return string.IsNullOrWhiteSpace(body) ? null : JsonSerializer.Deserialize<ProblemDto>(body, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Header(IReadOnlyDictionary<string, IEnumerable<string>> headers, string name) =>
        headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    private static string? IfMatch(Write write) => write.IfMatch is { Length: > 0 } etag ? etag : null;

    private static string? Key(Write write) => write.IdempotencyKey is { Length: > 0 } key ? key : null;

    private static ApiUnavailableException Unreadable() => new("The consent service answered an empty body.");

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
