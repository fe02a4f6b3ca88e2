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
            var accept = http.Request.GetTypedHeaders().Accept;
            if (accept.Count > 0 && accept.Any(a => a.MediaType.Equals(FhirJson, StringComparison.OrdinalIgnoreCase))
                && !accept.Any(a => a.MediaType.Equals(NdJson, StringComparison.OrdinalIgnoreCase)))
            {
                var state = await views.LoadAsync(patient, http.RequestAborted);
                PatientRoutes.SetVersionHeaders(http, state);
                http.Response.ContentType = FhirJson;
                await http.Response.WriteAsync(await fhir.BundleAsync(patient, state.State, http.RequestAborted), http.RequestAborted);
                return;
            }
            if (accept.Count > 0 && !accept.Any(a => a.MatchesAllTypes || a.MediaType.Equals(NdJson, StringComparison.OrdinalIgnoreCase)))
            {
                throw new RefusedException(NotAcceptable, $"The export is {NdJson} or {FhirJson}.");
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
}
