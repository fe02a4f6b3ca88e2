using System.Text.Json.Serialization;
using Consent.Service.Hosting;
using Consent.Service.Patients;
using Consent.Service.Patients.Api;

namespace Consent.Service.Auditing;

/// <summary>The answer of GET /v1/patients/{inss}/integrity: the stream's chain, checked now.</summary>
public sealed record IntegrityView(
    long Version,
    string HeadHash,
    bool Verified,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? FirstBrokenVersion);

/// <summary>The auditors' routes on a patient: integrity, explanation of a logged decision, export.</summary>
public static class IntegrityEndpoints
{
    public static void MapAuditing(this RouteGroupBuilder patients)
    {
        patients.MapGet("/{inss}/integrity", async (string inss, HttpContext http, StreamVerifier verifier, AuditTrail trail) =>
        {
            var patient = PatientRoutes.ParseInss(inss);
            trail.RecordBeforeAnswer(http, AuditorOnly(http), patient);
            var result = await verifier.CheckAsync(PatientStreams.IdOf(patient), http.RequestAborted);
            http.Response.Headers.ETag = ETags.Of(result.Version);
            return TypedResults.Ok(new IntegrityView(result.Version, result.HeadHash, result.Verified, result.FirstBrokenVersion));
        }).WithName("GetIntegrity");

        patients.MapGet("/{inss}/access-log/{id:long}/explanation", async (string inss, long id, HttpContext http, DecisionExplanation explanation, AuditTrail trail) =>
        {
            var patient = PatientRoutes.ParseInss(inss);
            // The explanation shows a logged decision (who asked, for what, the break-the-glass text): a read like any other.
            trail.RecordBeforeAnswer(http, AuditorOnly(http), patient);
            if (await explanation.ExplainAsync(patient, id, http.RequestAborted) is not { } found)
            {
                return Problems.Result(404, ErrorCodes.NotFound, $"No logged decision {id} for this patient.");
            }
            // Every patient response carries the stream's version (api.md), this one too.
            http.Response.Headers.ETag = ETags.Of(found.StreamVersion);
            return TypedResults.Ok(found.Explanation);
        }).WithName("ExplainDecision");

        patients.MapExport();
    }

    public static Caller AuditorOnly(HttpContext http)
    {
        var caller = Caller.From(http.User);
        return caller.IsAuditor ? caller : throw RefusedException.Forbidden("Only an auditor may check a patient's integrity or have a decision explained.");
    }
}
