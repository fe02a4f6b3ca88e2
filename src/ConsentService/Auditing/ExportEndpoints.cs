using System.Text.Json;
using Consent.Service.EventStore;
using Consent.Service.Patients;
using Consent.Service.Patients.Api;
using Microsoft.Net.Http.Headers;

namespace Consent.Service.Auditing;

/// <summary>
/// GET /v1/patients/{inss}/export for the patient side and auditors (as history): NDJSON events with
/// their hashes, or a FHIR R4 Bundle of Consent resources, chosen by Accept.
/// </summary>
public static class ExportEndpoints
{
    public const string NdJson = "application/x-ndjson";
    public const string FhirJson = "application/fhir+json";

    /// <summary>The code of a 406 answer: the Accept header names neither export format.</summary>
    public const string NotAcceptable = "not-acceptable";

    public static void MapExport(this RouteGroupBuilder patients)
    {
        patients.MapGet("/{inss}/export", async (string inss, HttpContext http, StreamRows rows, PatientViews views, FhirExport fhir) =>
        {
            var patient = PatientRoutes.ParseInss(inss);
            PatientRoutes.Reader(http, patient);
            var format = Negotiate(http.Request.GetTypedHeaders().Accept)
                ?? throw new RefusedException(NotAcceptable, $"The export is {NdJson} or {FhirJson}.");
            if (format == FhirJson)
            {
                var state = await views.LoadAsync(patient, http.RequestAborted);
                PatientRoutes.SetVersionHeaders(http, state);
                http.Response.ContentType = FhirJson;
                await http.Response.WriteAsync(await fhir.BundleAsync(patient, state.State, http.RequestAborted), http.RequestAborted);
                return;
            }
            http.Response.ContentType = NdJson;
            await foreach (var row in rows.ReadAsync(PatientStreams.IdOf(patient), http.RequestAborted))
            {
                await JsonSerializer.SerializeAsync(http.Response.Body, ExportLine.From(row), StoreJson.Options, http.RequestAborted);
                await http.Response.Body.WriteAsync("\n"u8.ToArray(), http.RequestAborted);
            }
        }).WithName("ExportPatient")
          .WithDescription($"{NdJson}: one ExportLine per line, in version order (check it with verify-export). {FhirJson}: a FHIR R4 Bundle holding one Consent.")
          .Produces(200, typeof(ExportLine), NdJson, FhirJson);
    }

    /// <summary>
    /// The format the Accept header prefers (RFC 9110, 12.5.1): each format takes the quality of the most specific
    /// range that matches it (application/*, */*, q=0 refuses); NDJSON on a tie or without the header; null if neither.
    /// </summary>
    public static string? Negotiate(IList<MediaTypeHeaderValue> accept)
    {
        if (accept.Count == 0)
        {
            return NdJson;
        }
        var ndJson = Quality(accept, NdJson);
        var fhirJson = Quality(accept, FhirJson);
        return ndJson <= 0 && fhirJson <= 0 ? null : fhirJson > ndJson ? FhirJson : NdJson;
    }

    private static double Quality(IList<MediaTypeHeaderValue> accept, string format)
    {
        var type = format[..format.IndexOf('/', StringComparison.Ordinal)];
        (int Specificity, double Quality)? best = null;
        foreach (var range in accept)
        {
            int? specificity = range.MatchesAllTypes ? 0
                : range.MatchesAllSubTypes && range.Type.Equals(type, StringComparison.OrdinalIgnoreCase) ? 1
                : range.MediaType.Equals(format, StringComparison.OrdinalIgnoreCase) ? 2
                : null;
            if (specificity is { } s && (best is null || s > best.Value.Specificity))
            {
                best = (s, range.Quality ?? 1);
            }
        }
        return best?.Quality ?? 0;
    }
}
