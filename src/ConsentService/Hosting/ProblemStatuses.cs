namespace Consent.Service.Hosting;

/// <summary>
/// The one map from a refusal's public code to its HTTP status (api.md: 400 for validation, 422 for
/// well-formed requests the domain refuses). The bus maps the same codes to dead letters and replies.
/// </summary>
public static class ProblemStatuses
{
    private static readonly Dictionary<string, int> ByCode = new(StringComparer.Ordinal)
    {
        [ErrorCodes.Unauthenticated] = 401,
        [ErrorCodes.Forbidden] = 403,
        [ErrorCodes.UnknownRelation] = 404,
        [ErrorCodes.NotFound] = 404,
        [Auditing.ExportEndpoints.NotAcceptable] = 406,
        [ErrorCodes.VersionConflict] = 412,
        [ErrorCodes.PayloadTooLarge] = 413,
        [ErrorCodes.UnsupportedMediaType] = 415,
        [ErrorCodes.UnknownProvider] = 422,
        [ErrorCodes.IdempotencyKeyReuse] = 422,
        [ErrorCodes.PatientDeceased] = 422,
        ["invalid-import"] = 422,
        [ErrorCodes.RateLimited] = 429,
        [ErrorCodes.InternalError] = 500,
        [ErrorCodes.Unavailable] = 503,
    };

    /// <summary>Every other code (invalid-*) is a validation refusal: 400.</summary>
    public static int Of(string code) => ByCode.GetValueOrDefault(code, 400);
}
