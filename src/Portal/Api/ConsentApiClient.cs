using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Consent.Portal.Api.Generated;

namespace Consent.Portal.Api;

/// <summary>
/// Every call the portal makes to the consent service's REST API, and only here. Each goes through
/// <see cref="IConsentServiceClient"/>, generated at build time from the committed contract (src/Contracts/openapi.json,
/// see Consent.Portal.csproj), with the contract's own request and response types: a contract that drifts from these
/// calls no longer builds. The answers are turned into the pages' read models (ApiModels.cs) here. The one exception is
/// the local profile's POST /dev/token, which is not part of the public contract. Refusals become
/// <see cref="ApiProblemException"/> with the problem's code, an unreachable service <see cref="ApiUnavailableException"/>,
/// a refused token <see cref="ApiUnauthenticatedException"/>.
/// </summary>
public sealed partial class ConsentApiClient(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // The contract's enum values as they travel (kebab-case), which the pages translate.
    private static readonly JsonSerializerOptions WireEnums = new() { Converters = { new JsonStringEnumConverter() } };

    // ReadResponseAsString: a refusal's problem JSON stays in the exception even when it does not fit the declared schema.
    private readonly IConsentServiceClient service = new ConsentServiceClient(http) { ReadResponseAsString = true };

    /// <summary>The local profile's demo sign-in (POST /dev/token): a development convenience the public contract leaves out.</summary>
    public async Task<DevTokenDto> IssueDevTokenAsync(DevTokenRequest request, CancellationToken ct)
    {
        using var response = await CallAsync(
            () => http.PostAsJsonAsync("dev/token", request, Json, ct), ct);
        if (!response.IsSuccessStatusCode)
        {
            throw Refused((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
        }
        try
        {
            return await response.Content.ReadFromJsonAsync<DevTokenDto>(Json, ct) ?? throw Unreadable();
        }
        catch (JsonException e)
        {
            throw new ApiUnavailableException("The consent service answered a body the portal cannot read.", e);
        }
    }

    public async Task<Versioned<PatientDto>> GetPatientAsync(string inss, CancellationToken ct)
    {
        var response = await CallAsync(() => service.GetPatientAsync(inss, null, ct), ct);
        var patient = response.Result ?? throw Unreadable();
        return new Versioned<PatientDto>(
            new PatientDto(patient.Inss, ToConsent(patient.Consent), [.. patient.Relations.Select(ToRelation)], [.. patient.Exclusions.Select(ToExclusion)],
                patient.Version, patient.Position),
            Header(response.Headers, "ETag"));
    }

    /// <summary>"Activeren": give consent (nothing changes when it is already given).</summary>
    public Task GiveConsentAsync(string inss, Write write, CancellationToken ct) =>
        CallAsync(() => service.GiveConsentAsync(inss, IfMatch(write), Key(write), new GiveConsentRequest { Type = Wire(ConsentType.Retrospective) }, ct), ct);

    /// <summary>"Deactiveren": revoke consent.</summary>
    public Task RevokeConsentAsync(string inss, Write write, CancellationToken ct) =>
        CallAsync(() => service.RevokeConsentAsync(inss, IfMatch(write), Key(write), ct), ct);

    /// <summary>A relation the patient declares in the portal: type patient-declared, proof patient-declaration.</summary>
    public Task AddRelationAsync(string inss, string nihdi, Write write, CancellationToken ct) =>
        CallAsync(() => service.AddRelationAsync(inss, IfMatch(write), Key(write),
            new AddRelationRequest { Provider = nihdi, Type = Wire(RelationType.PatientDeclared), Proof = Wire(ProofType.PatientDeclaration) }, ct), ct);

    public Task EndRelationAsync(string inss, Guid relationId, Write write, CancellationToken ct) =>
        CallAsync(() => service.EndRelationAsync(inss, relationId.ToString(), IfMatch(write), Key(write), ct), ct);

    public Task AddExclusionAsync(string inss, string nihdi, string? reason, Write write, CancellationToken ct) =>
        CallAsync(() => service.AddExclusionAsync(inss, IfMatch(write), Key(write), new AddExclusionRequest { Provider = nihdi, Reason = reason }, ct), ct);

    public Task LiftExclusionAsync(string inss, string nihdi, Write write, CancellationToken ct) =>
        CallAsync(() => service.LiftExclusionAsync(inss, nihdi, IfMatch(write), Key(write), ct), ct);

    public async Task<HistoryDto> GetHistoryAsync(string inss, CancellationToken ct)
    {
        var history = (await CallAsync(() => service.GetHistoryAsync(inss, ct), ct)).Result ?? throw Unreadable();
        return new HistoryDto(history.Inss, [.. history.Events.Select(e => new HistoryEventDto(
            e.Version, e.Position, e.Type, e.RecordedAt, ToActor(e.Actor)!, e.Channel, e.CorrelationId,
            JsonSerializer.SerializeToElement(e.Data?.AdditionalProperties ?? new Dictionary<string, object>(), Json)))]);
    }

    public async Task<VisibilityDto> GetVisibleToAsync(string inss, CancellationToken ct)
    {
        var visible = (await CallAsync(() => service.GetVisibleToAsync(inss, ct), ct)).Result ?? throw Unreadable();
        return new VisibilityDto(visible.Inss, Wire(visible.Consent),
            [.. visible.Providers.Select(v => new VisibleToDto(ToProviderRef(v.Provider), Wire(v.Through), v.Until, v.IncludesStaff))], visible.Version);
    }

    /// <summary>The access log, newest first; <paramref name="before"/> is the cursor the previous page's Link rel=next gave.</summary>
    public async Task<AccessLogPage> GetAccessLogAsync(string inss, int limit, long? before, CancellationToken ct)
    {
        var response = await CallAsync(() => service.GetAccessLogAsync(inss, limit, before, ct), ct);
        long? next = null;
        foreach (var link in response.Headers.FirstOrDefault(h => string.Equals(h.Key, "Link", StringComparison.OrdinalIgnoreCase)).Value ?? [])
        {
            if (NextLink().Match(link) is { Success: true } m && long.TryParse(m.Groups[1].Value, CultureInfo.InvariantCulture, out var cursor))
            {
                next = cursor;
            }
        }
        var entries = (response.Result ?? throw Unreadable()).Select(e => new AccessLogEntryDto(
            e.Id, e.At, e.Provider, e.DocumentType, e.Decision, [.. e.Reasons], e.BreakTheGlass, e.ReviewRequired));
        return new AccessLogPage([.. entries], next);
    }

    /// <summary>The directory search: a RIZIV number (separators allowed) or first and last name, accents and order ignored.</summary>
    public async Task<IReadOnlyList<ProviderDto>> SearchProvidersAsync(string query, int limit, CancellationToken ct) =>
        [.. ((await CallAsync(() => service.SearchProvidersAsync(query, limit, ct), ct)).Result ?? []).Select(ToProvider)];

    /// <summary>One provider of the directory, or null when it is not there.</summary>
    public async Task<ProviderDto?> FindProviderAsync(string nihdi, CancellationToken ct)
    {
        try
        {
            return ToProvider((await CallAsync(() => service.GetProviderAsync(nihdi, ct), ct)).Result ?? throw Unreadable());
        }
        catch (ApiProblemException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private static ConsentDto ToConsent(ConsentView consent) =>
        new(Wire(consent.Status), consent.Type is { } type ? Wire(type) : null, consent.ChangedAt, ToActor(consent.ChangedBy));

    private static RelationDto ToRelation(RelationView r) =>
        new(r.Id, ToProviderRef(r.Provider), Wire(r.Type), r.Start, r.End, Wire(r.Status), Wire(r.Proof), ToActor(r.RegisteredBy), r.EndedAt, ToActor(r.EndedBy));

    private static ExclusionDto ToExclusion(ExclusionView e) => new(ToProviderRef(e.Provider), e.Reason, e.Since, ToActor(e.By));

    private static ProviderRefDto ToProviderRef(ProviderSummary p) => new(p.Nihdi, p.FirstName, p.LastName, Wire(p.Profession));

    private static ProviderDto ToProvider(ProviderView p) => new(p.Nihdi, p.FirstName, p.LastName, Wire(p.Profession), p.Qualification, p.City);

    private static ActorDto? ToActor(ActorRef? actor) => actor is null ? null : new ActorDto(actor.Kind, actor.Id, actor.OnBehalfOf);

    private static string Wire<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonSerializer.SerializeToElement(value, WireEnums).GetString()!;

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
        catch (ServiceApiException e)
        {
            throw Refused(e.StatusCode, e.Response);
        }
    }

    private static ApiException Refused(int status, string? body)
    {
        if (status == (int)HttpStatusCode.Unauthorized)
        {
            return new ApiUnauthenticatedException();
        }
        if (status is >= 200 and < 300)
        {
            // A success the generated client could not read as the contract's type.
            return new ApiUnavailableException("The consent service answered a body the portal cannot read.");
        }
        var problem = ParseProblem(body);
        if (status is 502 or 503 or 504 || status >= 500 && problem?.Code is null)
        {
            return new ApiUnavailableException($"The consent service answered {status}.");
        }
        return new ApiProblemException(status, problem?.Code ?? $"http-{status}", problem?.Detail);
    }

    private static Problem? ParseProblem(string? body)
    {
        try
        {
            return string.IsNullOrWhiteSpace(body) ? null : JsonSerializer.Deserialize<Problem>(body, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Header(IReadOnlyDictionary<string, IEnumerable<string>> headers, string name) =>
        headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    // The version the page was rendered from: a record changed meanwhile answers 412 and nothing is written.
    private static string? IfMatch(Write write) => write.IfMatch is { Length: > 0 } etag ? etag : null;

    // The same form posted twice (a double click, a retried request) is applied once.
    private static string? Key(Write write) => write.IdempotencyKey is { Length: > 0 } key ? key : null;

    private static ApiUnavailableException Unreadable() => new("The consent service answered an empty body.");

    [GeneratedRegex("""[?&]before=(\d+)[^>]*>\s*;\s*rel="?next"?""")]
    private static partial Regex NextLink();
}

/// <summary>What a write carries besides its body: the ETag the page was rendered from, and the form's one-time key.</summary>
public readonly record struct Write(string? IfMatch, string? IdempotencyKey);
