namespace Consent.Domain;

/// <summary>The public problem codes of api.md: the one vocabulary of refusals, for REST and bus alike.</summary>
public static class ErrorCodes
{
    public const string InvalidInss = "invalid-inss";
    public const string InvalidNihdi = "invalid-nihdi";
    public const string UnknownProvider = "unknown-provider";
    public const string UnknownRelation = "unknown-relation";
    public const string InvalidRelationType = "invalid-relation-type";
    public const string InvalidPeriod = "invalid-period";
    public const string InvalidDocumentType = "invalid-document-type";
    public const string InvalidRequest = "invalid-request";
    public const string InvalidPosition = "invalid-position";
    public const string VersionConflict = "version-conflict";
    public const string IdempotencyKeyReuse = "idempotency-key-reuse";
    public const string Forbidden = "forbidden";
    public const string Unauthenticated = "unauthenticated";
    public const string PayloadTooLarge = "payload-too-large";
    public const string UnsupportedMediaType = "unsupported-media-type";
    public const string RateLimited = "rate-limited";
    public const string Unavailable = "unavailable";
    public const string PatientDeceased = "patient-deceased";
    public const string NotFound = "not-found";
    public const string InternalError = "internal-error";
}
