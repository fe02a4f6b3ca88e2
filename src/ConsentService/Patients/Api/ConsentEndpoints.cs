using Consent.Service.Hosting;

namespace Consent.Service.Patients.Api;

/// <summary>"Mijn toestemming": read, give (Activeren) and revoke (Deactiveren) the informed consent.</summary>
public static class ConsentEndpoints
{
    public static void MapConsent(this RouteGroupBuilder patients)
    {
        patients.MapGet("/{inss}/consent", GetAsync).WithName("GetConsent");
        patients.MapPut("/{inss}/consent", GiveAsync).WithName("GiveConsent");
        patients.MapDelete("/{inss}/consent", RevokeAsync).WithName("RevokeConsent");
    }

    private static async Task<IResult> GetAsync(string inss, HttpContext http, PatientViews views)
    {
        var (_, snapshot) = await PatientRoutes.ReadCurrentAsync(http, inss, views);
        return TypedResults.Ok(PatientRendering.Consent(snapshot.State));
    }

    private static async Task<IResult> GiveAsync(string inss, HttpContext http, PatientWrites writes, PatientCommandFactory commands)
    {
        var patient = PatientRoutes.ParseInss(inss);
        var caller = PatientRoutes.Writer(http, patient);
        var body = await RequestBody.ReadOptionalAsync<GiveConsentRequest>(http.Request);
        return await writes.ExecuteAsync(http, patient, commands.GiveConsent(caller.ActingFor(patient), body?.Type), body,
            result => Task.FromResult(new WriteAnswer(200, ConsentFor(caller, result))));
    }

    private static async Task<IResult> RevokeAsync(string inss, HttpContext http, PatientWrites writes, PatientCommandFactory commands)
    {
        var patient = PatientRoutes.ParseInss(inss);
        var caller = PatientRoutes.Writer(http, patient);
        return await writes.ExecuteAsync(http, patient, commands.RevokeConsent(caller.ActingFor(patient)), null,
            result => Task.FromResult(new WriteAnswer(200, ConsentFor(caller, result))));
    }

    // A provider or hospital system learns the consent it asked for, never who changed it last (api.md).
    private static object ConsentFor(Caller caller, CommandResult result)
    {
        var consent = PatientRendering.Consent(result.State);
        return caller.IsPatientSide ? consent : new ConsentWriteAnswer(consent.Status, consent.Type, consent.ChangedAt);
    }
}
