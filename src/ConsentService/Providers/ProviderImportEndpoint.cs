using System.Text;
using Consent.Service.Hosting;
using Microsoft.AspNetCore.Http.Features;

namespace Consent.Service.Providers;

/// <summary>POST /v1/providers/import: an admin uploads the directory as text/csv.</summary>
public static class ProviderImportEndpoint
{
    public const long MaxBytes = 50L * 1024 * 1024;

    public static void MapProviderImport(this RouteGroupBuilder v1)
    {
        v1.MapPost("/providers/import", async (HttpContext http, ProviderImport import) =>
        {
            if (Caller.From(http.User).Role != Caller.AdminRole)
            {
                throw ProblemException.Forbidden("Only an admin imports the provider directory.");
            }
            if (http.Request.ContentType is not { } type || !type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
            {
                throw new ProblemException(415, "unsupported-media-type", "Send the provider file as text/csv.");
            }
            if (http.Request.ContentLength > MaxBytes)
            {
                throw new ProblemException(413, "payload-too-large", $"The file may be at most {MaxBytes} bytes.");
            }
            // The 64 KiB limit is for JSON requests; a directory file is larger.
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = MaxBytes;
            }
            // The parser reads lines synchronously, which Kestrel forbids on the body: read it first.
            using var body = new StreamReader(http.Request.Body, Encoding.UTF8);
            using var reader = new StringReader(await body.ReadToEndAsync(http.RequestAborted));
            var report = await import.ImportAsync(reader, null, http.RequestAborted);
            return report.Applied
                ? Results.Ok(report)
                : Results.Problem(title: "The file was refused; nothing was imported.", statusCode: 422, type: "https://consent.example/problems/invalid-import",
                    extensions: new Dictionary<string, object?> { ["code"] = "invalid-import", ["report"] = report });
        }).WithTags("Providers").WithName("ImportProviders");
    }
}
