using static Consent.Domain.ErrorCodes;

namespace Consent.Service.Hosting.OpenApi;

/// <summary>What the published contract says of one operation: its purpose, who may call it, and every refusal it can answer.</summary>
public sealed record OperationContract(
    string Summary, string Description, string[] Codes, bool Body = false, string[]? RequestHeaders = null, string[]? ResponseHeaders = null);

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

    public static readonly IReadOnlyDictionary<string, OperationContract> All = new Dictionary<string, OperationContract>
    {
        ["GetPatient"] = new("A patient's record",
            "Consent, relations and exclusions with the stream's version and position. `at` gives the state as recorded at that instant. Patient side (own or represented INSS) and auditors.",
            [.. Read, InvalidRequest], ResponseHeaders: [ETag, Position]),
        ["GetHistory"] = new("A patient's history",
            "Every event with version, position, recorded time, actor, channel, correlation id and, for bus commands, the sender. Patient side and auditors.",
            Read, ResponseHeaders: [ETag]),
        ["GetConsent"] = new("The informed consent",
            "Status (none, given, revoked, deceased), type, when and by whom it last changed. Patient side and auditors.", Read, ResponseHeaders: WrittenHeaders),
        ["GiveConsent"] = new("Give consent (Activeren)",
            "Gives the informed consent; a repeat changes nothing. Patient side, physicians, pharmacists and hospital systems; a provider or hospital system is answered `{status, type, changedAt}` only.",
            Write, Body: true, RequestHeaders: WriteHeaders, ResponseHeaders: WrittenHeaders),
        ["RevokeConsent"] = new("Revoke consent (Deactiveren)",
            "Revokes the informed consent; without consent given it changes nothing. Relations and exclusions stay. Same callers as giving it.",
            Write, RequestHeaders: WriteHeaders, ResponseHeaders: WrittenHeaders),
        ["ListRelations"] = new("Therapeutic relations", "All relations, or the active ones with `status=active`. Patient side and auditors.",
            [.. Read, InvalidRequest], ResponseHeaders: WrittenHeaders),
        ["GetRelation"] = new("One therapeutic relation", "Patient side and auditors.", [.. Read, UnknownRelation], ResponseHeaders: WrittenHeaders),
        ["AddRelation"] = new("Add or renew a therapeutic relation",
            "201 with Location for a new relation, 200 when an active one of the same provider and type was renewed. The patient side declares `patient-declared` relations; a provider registers for itself, a hospital system for its staff or institution, within the type's rules (start within a day of now, no longer than the type's duration).",
            [.. Write, InvalidNihdi, InvalidRelationType, InvalidPeriod, UnknownProvider], Body: true, RequestHeaders: WriteHeaders,
            ResponseHeaders: [.. WrittenHeaders, Location]),
        ["EndRelation"] = new("End a therapeutic relation",
            "The patient side ends any relation; a provider only its own, a hospital system only its institution's. Someone else's relation answers as unknown.",
            [.. Write, UnknownRelation], RequestHeaders: WriteHeaders, ResponseHeaders: WrittenHeaders),
        ["ListExclusions"] = new("Excluded providers", "The providers the patient bars by name. Patient side and auditors.", Read, ResponseHeaders: WrittenHeaders),
        ["AddExclusion"] = new("Exclude a provider",
            "Bars a provider by its 8-digit identity (all qualifications); excluding a hospital bars its circle of trust. 201, or 200 when it already existed. Patient side only.",
            [.. Write, InvalidNihdi, UnknownProvider], Body: true, RequestHeaders: WriteHeaders, ResponseHeaders: [.. WrittenHeaders, Location]),
        ["LiftExclusion"] = new("Lift an exclusion", "204, also when there was none. Patient side only.",
            [.. Write, InvalidNihdi], RequestHeaders: WriteHeaders, ResponseHeaders: WrittenHeaders),
        ["GetAccessLog"] = new("Who saw my data",
            "Logged decisions, newest first, paged with `limit` and `before` and a `Link: rel=next` header. Patient side and auditors.",
            [.. Read, InvalidRequest], ResponseHeaders: [Link]),
        ["GetVisibleTo"] = new("Who can see my data now",
            "The providers the access policy permits now, through which relation; a hospital's relation opens the data to its staff. Patient side and auditors.",
            Read, ResponseHeaders: WrittenHeaders),
        ["DecideAccess"] = new("Ask an access decision",
            "May this provider see this patient's data (of this document type), and why? Every reason is reported; permit and deny are both 200. Providers ask for themselves, hospital systems for themselves and their staff, both about now (logged before the answer); auditors also `at` another instant (not logged). `minPosition` makes the answer reflect at least that position.",
            [InvalidRequest, InvalidInss, InvalidNihdi, InvalidDocumentType, InvalidPosition, Forbidden], Body: true),
        ["DecideAccessBatch"] = new("Ask up to 1000 access decisions",
            "The same as one decision, in request order; one refused request refuses the batch, naming its index.",
            [InvalidRequest, InvalidInss, InvalidNihdi, InvalidDocumentType, InvalidPosition, Forbidden], Body: true),
        ["GetIntegrity"] = new("Verify a patient's history",
            "Replays the stream's hash chain now: `{version, headHash, verified, firstBrokenVersion?}`; a changed, removed or inserted event shows as the first broken version. Auditors only.",
            Read),
        ["ExplainDecision"] = new("Explain a logged decision",
            "Evaluates a logged decision again as of its instant and position, with the directory as it was then: `{logged, reevaluated, same}`. Auditors only.",
            [.. Read, NotFound]),
        ["ExportPatient"] = new("Export a patient's record",
            "`Accept: application/x-ndjson`: every event with version, position, recorded time, actor, sender, channel and hash, to verify the chain offline (`verify-export`). `Accept: application/fhir+json`: a FHIR R4 Bundle of Consent resources. Patient side and auditors.",
            [.. Read, "not-acceptable"]),
        ["SearchProviders"] = new("Search the provider directory",
            "By name (accents, case, parts and order ignored) or number (8 or 11 digits, separators, prefix). Every role.", [InvalidRequest]),
        ["GetProvider"] = new("One provider", "By 8- or 11-digit NIHDI number. Every role.", [InvalidNihdi, UnknownProvider + "=404"]),
        ["ImportProviders"] = new("Import the provider directory",
            "A `text/csv` file in UTF-8: all lines applied, or none, with each refused line's number and reason (422 `invalid-import`). Admin only.",
            [InvalidRequest, Forbidden, "invalid-import"], Body: true),
    };
}
