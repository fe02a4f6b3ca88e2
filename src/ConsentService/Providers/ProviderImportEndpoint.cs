using Consent.Service.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Consent.Service.Providers;

/// <summary>
/// POST /v1/providers/import: an admin uploads the directory as text/csv (format: <see cref="ProviderCsv"/>).
/// 200 with the report when applied; 422 invalid-import with the same report members when any line is
/// refused, and then nothing was written.
/// </summary>
public static class ProviderImportEndpoint
{
    public const long MaxBytes = 50L * 1024 * 1024;

    public static void MapProviderImport(this RouteGroupBuilder v1)
    {
        v1.MapPost("/providers/import", async (HttpContext http, ProviderImport import) =>
        {
            if (Caller.From(http.User).Role != Roles.Admin)
            {
                throw RefusedException.Forbidden("Only an admin imports the provider directory.");
            }
            if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type)
                || !type.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)
                || (type.Charset.HasValue && !type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)))
            {
                throw new RefusedException("unsupported-media-type", "Send the provider file as text/csv in UTF-8.");
            }
            if (http.Request.ContentLength > MaxBytes)
            {
                throw new RefusedException("payload-too-large", $"The file may be at most {MaxBytes} bytes.");
            }
            // Kestrel's limit is the 64 KiB of JSON requests; a directory file is larger. A chunked body
            // past this limit fails the read with a 413 problem.
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = MaxBytes;
            }
            using var body = new StreamReader(http.Request.Body, ProviderCsv.Utf8);
            var report = await import.ImportAsync(body, null, http.RequestAborted);
            return report.Applied
                ? Results.Ok(report)
                : Results.Problem(
                    title: "The file was refused; nothing was imported.",
                    detail: $"{report.RefusedCount} line(s) refused; fix them and send the whole file again.",
                    statusCode: 422,
                    type: "https://consent.example/problems/invalid-import",
                    extensions: new Dictionary<string, object?>
                    {
                        ["code"] = "invalid-import",
                        ["imported"] = report.Imported,
                        ["refused"] = report.Refused,
                        ["refusedCount"] = report.RefusedCount,
                        ["applied"] = report.Applied,
                        // The first release nested the report; clients written against it keep working.
                        ["report"] = report,
                    });
        }).WithTags("Providers").WithName("ImportProviders")
            // No Accepts("text/csv"): routing would answer other types with a bare 415, not the problem.
            .Produces<ImportReport>()
            .ProducesProblem(422);
    }
}
