using Consent.Service.Hosting;

namespace Consent.Service.Patients.Api;

/// <summary>"Mijn toestemming": read, give (Activeren) and revoke (Deactiveren) the informed consent.</summary>
public static class ConsentEndpoints
{
    public static void MapConsent(this RouteGroupBuilder patients)
    {
        patients.MapGet("/{inss}/consent", async (string inss, HttpContext http, PatientViews views) =>
        {
            var (_, state) = await PatientRoutes.ReadCurrentAsync(http, inss, views);
            return TypedResults.Ok(PatientRendering.Consent(state));
        }).WithName("GetConsent");

        patients.MapPut("/{inss}/consent", async (string inss, HttpContext http, PatientWrites writes) =>
        {
            var patient = PatientRoutes.ParseInss(inss);
            var caller = PatientRoutes.CareWriter(http, patient);
            var body = await RequestBody.ReadOptionalAsync<GiveConsentRequest>(http.Request);
            var type = ConsentType.Retrospective;
            if (body?.Type is { } requested && !KebabEnum.TryParse(requested, out type))
            {
                throw ProblemException.InvalidRequest("type must be retrospective or prospective.");
            }
            return await writes.ExecuteAsync(http, patient, new GiveConsent(caller.ActingFor(patient), type), body,
                result => Task.FromResult(new WriteAnswer(200, PatientRendering.Consent(result.State))));
        }).WithName("GiveConsent");

        patients.MapDelete("/{inss}/consent", async (string inss, HttpContext http, PatientWrites writes) =>
        {
            var patient = PatientRoutes.ParseInss(inss);
            var caller = PatientRoutes.CareWriter(http, patient);
            return await writes.ExecuteAsync(http, patient, new RevokeConsent(caller.ActingFor(patient)), null,
                result => Task.FromResult(new WriteAnswer(200, PatientRendering.Consent(result.State))));
        }).WithName("RevokeConsent");
    }
}
