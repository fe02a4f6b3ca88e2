using System.Text.Json.Nodes;
using Consent.Service.Access;
using Consent.Service.Auditing;
using Consent.Service.Patients.Api;
using Consent.Service.Providers;
using static Consent.Domain.ErrorCodes;

namespace Consent.Service.Hosting.OpenApi;

/// <summary>
/// What the published contract says of one operation: its purpose, who may call it, every refusal it can answer and,
/// where the route's own signature cannot say it (a body read strictly by <see cref="RequestBody"/>, an IResult answer),
/// the types its bodies are: the document's schemas are generated from those types, never written by hand.
/// </summary>
public sealed record OperationContract(
    string Summary, string Description, string[] Codes, string[]? RequestHeaders = null, string[]? ResponseHeaders = null)
{
    /// <summary>The request body, or null when the operation takes none.</summary>
    public RequestContract? Request { get; init; }

    /// <summary>Each success status with the type of its body (null: no body); null when the route's signature already says it.</summary>
    public IReadOnlyDictionary<int, Type?>? Responses { get; init; }

    /// <summary>The integer query parameters and the range the route accepts.</summary>
    public IReadOnlyList<QueryRange>? Ranges { get; init; }

    public bool Body => Request is not null;
}

/// <summary>
/// A request body: its type, media type and an example. Declared here rather than with Accepts&lt;T&gt;, which would
/// make routing answer another media type with a bare 415 instead of the unsupported-media-type problem.
/// </summary>
public sealed record RequestContract(Type Type, JsonNode Example, bool Optional = false, string MediaType = "application/json");

/// <summary>An integer query parameter's range and the value used when it is left out.</summary>
public sealed record QueryRange(string Name, int Minimum, int Maximum, int Default);

/// <summary>
/// The contract of every operation, by operationId (the endpoint's name). The OpenAPI document is written
/// from this table and the endpoints' own metadata, so a route without an entry here fails the contract test.
/// </summary>
public static class OperationContracts
{
    public const string ETag = "ETag";
    public const string IfMatch = "If-Match";
    public const string IdempotencyKey = "Idempotency-Key";
    public const string Position = "Consent-Position";
    public const string Link = "Link";
    public const string Location = "Location";

    private static readonly string[] Read = [InvalidInss, Forbidden];
    private static readonly string[] Write = [InvalidInss, InvalidRequest, Forbidden, VersionConflict, IdempotencyKeyReuse, ErrorCodes.PatientDeceased];
    private static readonly string[] WriteHeaders = [IfMatch, IdempotencyKey];
    private static readonly string[] WrittenHeaders = [ETag, Position];

    private static readonly IReadOnlyDictionary<int, Type?> NoContent = new Dictionary<int, Type?> { [204] = null };

    private static Dictionary<int, Type?> Ok<T>() => new() { [200] = typeof(T) };

    private static Dictionary<int, Type?> CreatedOrOk<T>() => new() { [201] = typeof(T), [200] = typeof(T) };

    private static JsonNode Json(string json) => JsonNode.Parse(json)!;

    public static readonly IReadOnlyDictionary<string, OperationContract> All = new Dictionary<string, OperationContract>
    {
        ["GetPatient"] = new("A patient's record",
            "Consent, relations and exclusions with the stream's version and position. `at` gives the state as recorded at that instant. Patient side (own or represented INSS) and auditors.",
            [.. Read, InvalidRequest], ResponseHeaders: [ETag, Position]),
        ["GetHistory"] = new("A patient's history",
            "Every event with version, position, recorded time, actor, channel, correlation id and, for bus commands, the sender. Patient side and auditors.",
            Read, ResponseHeaders: [ETag]),
        ["GetConsent"] = new("The informed consent",
            "Status (none, given, revoked, deceased), type, when and by whom it last changed. Patient side and auditors.", Read, ResponseHeaders: WrittenHeaders)
        {
            Responses = Ok<ConsentView>(),
        },
        ["GiveConsent"] = new("Give consent (Activeren)",
            "Gives the informed consent; a repeat changes nothing. Patient side, physicians, pharmacists and hospital systems; a provider or hospital system is answered `{status, type, changedAt}` only.",
            Write, RequestHeaders: WriteHeaders, ResponseHeaders: WrittenHeaders)
        {
            Request = new(typeof(GiveConsentRequest), Json("""{"type": "retrospective"}"""), Optional: true),
            Responses = Ok<ConsentWriteAnswer>(),
        },
        ["RevokeConsent"] = new("Revoke consent (Deactiveren)",
            "Revokes the informed consent; without consent given it changes nothing. Relations and exclusions stay. Same callers as giving it.",
            Write, RequestHeaders: WriteHeaders, ResponseHeaders: WrittenHeaders)
        {
            Responses = Ok<ConsentWriteAnswer>(),
        },
        ["ListRelations"] = new("Therapeutic relations", "All relations, or the active ones with `status=active`. Patient side and auditors.",
            [.. Read, InvalidRequest], ResponseHeaders: WrittenHeaders)
        {
            Responses = Ok<IReadOnlyList<RelationView>>(),
        },
        ["GetRelation"] = new("One therapeutic relation", "Patient side and auditors.", [.. Read, UnknownRelation], ResponseHeaders: WrittenHeaders)
        {
            Responses = Ok<RelationView>(),
        },
        ["AddRelation"] = new("Add or renew a therapeutic relation",
            "201 with Location for a new relation, 200 when an active one of the same provider and type was renewed. The patient side declares `patient-declared` relations; a provider registers for itself, a hospital system for its staff or institution, within the type's rules (start within a day of now, no longer than the type's duration).",
            [.. Write, InvalidNihdi, InvalidRelationType, InvalidPeriod, UnknownProvider], RequestHeaders: WriteHeaders,
            ResponseHeaders: [.. WrittenHeaders, Location])
        {
            Request = new(typeof(AddRelationRequest),
                Json("""{"provider": "12345625004", "type": "hospitalisation", "start": "2026-03-01T09:00:00Z", "proof": "eid-reading"}""")),
            Responses = CreatedOrOk<RelationView>(),
        },
        ["EndRelation"] = new("End a therapeutic relation",
            "The patient side ends any relation; a provider only its own, a hospital system only its institution's. Someone else's relation answers as unknown.",
            [.. Write, UnknownRelation], RequestHeaders: WriteHeaders, ResponseHeaders: WrittenHeaders)
        {
            Responses = NoContent,
        },
        ["ListExclusions"] = new("Excluded providers", "The providers the patient bars by name. Patient side and auditors.", Read, ResponseHeaders: WrittenHeaders)
        {
            Responses = Ok<IReadOnlyList<ExclusionView>>(),
        },
        ["AddExclusion"] = new("Exclude a provider",
            "Bars a provider by its 8-digit identity (all qualifications); excluding a hospital bars its circle of trust. 201, or 200 when it already existed. Patient side only.",
            [.. Write, InvalidNihdi, UnknownProvider], RequestHeaders: WriteHeaders, ResponseHeaders: [.. WrittenHeaders, Location])
        {
            Request = new(typeof(AddExclusionRequest), Json("""{"provider": "12345625", "reason": "A former partner."}""")),
            Responses = CreatedOrOk<ExclusionView>(),
        },
        ["LiftExclusion"] = new("Lift an exclusion", "204, also when there was none. Patient side only.",
            [.. Write, InvalidNihdi], RequestHeaders: WriteHeaders, ResponseHeaders: WrittenHeaders)
        {
            Responses = NoContent,
        },
        ["GetAccessLog"] = new("Who saw my data",
            "Logged decisions, newest first, paged with `limit` and `before` and a `Link: rel=next` header. Patient side and auditors.",
            [.. Read, InvalidRequest], ResponseHeaders: [ETag, Link])
        {
            Responses = Ok<IReadOnlyList<AccessLogView>>(),
            Ranges = [new("limit", 1, AccessLogEndpoints.MaxPage, 50)],
        },
        ["GetVisibleTo"] = new("Who can see my data now",
            "The providers the access policy permits now, through which relation; a hospital's relation opens the data to its staff. Patient side and auditors.",
            Read, ResponseHeaders: WrittenHeaders)
        {
            Responses = Ok<VisibilityView>(),
        },
        ["DecideAccess"] = new("Ask an access decision",
            "May this provider see this patient's data (of this document type), and why? Every reason is reported; permit and deny are both 200. Providers ask for themselves, hospital systems for themselves and their staff, both about now (logged before the answer; an `at` within 30 s of the service's clock is taken as now, another instant is 403); auditors also `at` another instant (not logged). `minPosition` makes the answer reflect at least that position.",
            [InvalidRequest, InvalidInss, InvalidNihdi, InvalidDocumentType, InvalidPosition, Forbidden])
        {
            Request = new(typeof(DecisionRequest),
                Json("""{"patient": "90021412501", "provider": "12345625004", "documentType": "sumehr"}""")),
        },
        ["DecideAccessBatch"] = new("Ask up to 1000 access decisions",
            "The same as one decision, in request order; one refused request refuses the batch, naming its index.",
            [InvalidRequest, InvalidInss, InvalidNihdi, InvalidDocumentType, InvalidPosition, Forbidden])
        {
            Request = new(typeof(BatchDecisionRequest), Json("""
                {"requests": [
                  {"patient": "90021412501", "provider": "12345625004", "documentType": "sumehr"},
                  {"patient": "90021412501", "provider": "12345625004", "documentType": "lab-result", "at": "2026-03-01T09:00:00Z"}
                ]}
                """)),
        },
        ["GetIntegrity"] = new("Verify a patient's history",
            "Replays the stream's hash chain now: `{version, headHash, verified, firstBrokenVersion?}`; a changed, removed or inserted event shows as the first broken version. Auditors only.",
            Read, ResponseHeaders: [ETag]),
        ["ExplainDecision"] = new("Explain a logged decision",
            "Evaluates a logged decision again as of its instant and position, with the directory as it was then: `{logged, reevaluated, same}`. Auditors only.",
            [.. Read, NotFound])
        {
            Responses = Ok<Explanation>(),
        },
        ["ExportPatient"] = new("Export a patient's record",
            "`Accept: application/x-ndjson`: every event with version, position, recorded time, actor, sender, channel and hash, to verify the chain offline (`verify-export`). `Accept: application/fhir+json`: a FHIR R4 Bundle of Consent resources. Patient side and auditors.",
            [.. Read, "not-acceptable"]),
        ["SearchProviders"] = new("Search the provider directory",
            "By name (accents, case, parts and order ignored) or number (8 or 11 digits, separators, prefix). Every role.", [InvalidRequest])
        {
            Ranges = [new("limit", 1, DirectoryEndpoints.MaxLimit, DirectoryEndpoints.DefaultLimit)],
        },
        ["GetProvider"] = new("One provider", "By 8- or 11-digit NIHDI number. Every role.", [InvalidNihdi, UnknownProvider + "=404"])
        {
            Responses = Ok<ProviderView>(),
        },
        ["ImportProviders"] = new("Import the provider directory",
            "A `text/csv` file in UTF-8: all lines applied, or none, with each refused line's number and reason (422 `invalid-import`). Admin only.",
            [InvalidRequest, Forbidden, "invalid-import"])
        {
            Request = new(typeof(string), JsonValue.Create("""
                nihdi;firstName;lastName;qualification;city;institutions
                12345625004;An;Peeters;004;Gent;71000139000
                """), MediaType: "text/csv"),
        },
    };
}
