using Consent.Service.Hosting;

namespace Consent.Service.Patients.Api;

/// <summary>"Uitsluitingen": the providers a patient bars by name (who may manage them is the domain's rule).</summary>
public static class ExclusionEndpoints
{
    public static void MapExclusions(this RouteGroupBuilder patients)
    {
        patients.MapGet("/{inss}/exclusions", ListAsync).WithName("ListExclusions");
        patients.MapPost("/{inss}/exclusions", AddAsync).WithName("AddExclusion");
        patients.MapDelete("/{inss}/exclusions/{nihdi}", LiftAsync).WithName("LiftExclusion");
    }

    private static async Task<IResult> ListAsync(string inss, HttpContext http, PatientViews views, PatientRendering rendering)
    {
        var (_, snapshot) = await PatientRoutes.ReadCurrentAsync(http, inss, views);
        return TypedResults.Ok(await rendering.ExclusionsAsync(snapshot.State, http.RequestAborted));
    }

    private static async Task<IResult> AddAsync(string inss, HttpContext http, PatientWrites writes, PatientCommandFactory commands, PatientRendering rendering)
    {
        var patient = PatientRoutes.ParseInss(inss);
        var acting = PatientCommandFactory.ManagingExclusions(PatientRoutes.Writer(http, patient).ActingFor(patient));
        var body = await RequestBody.ReadAsync<AddExclusionRequest>(http.Request);
        var command = await commands.AddExclusionAsync(acting, body.Provider, body.Reason, http.RequestAborted);
        return await writes.ExecuteAsync(http, patient, command, body, async result =>
        {
            var views = await rendering.ExclusionsAsync(result.State, http.RequestAborted);
            var view = views.First(v => v.Provider.Nihdi[..8] == command.Provider.Identity.Value);
            return new WriteAnswer(result.Changed ? 201 : 200, view, result.Changed ? $"/v1/patients/{patient.Value}/exclusions" : null);
        });
    }

    private static async Task<IResult> LiftAsync(string inss, string nihdi, HttpContext http, PatientWrites writes, PatientCommandFactory commands)
    {
        var patient = PatientRoutes.ParseInss(inss);
        var acting = PatientCommandFactory.ManagingExclusions(PatientRoutes.Writer(http, patient).ActingFor(patient));
        return await writes.ExecuteAsync(http, patient, commands.LiftExclusion(acting, nihdi), null,
            _ => Task.FromResult(new WriteAnswer(204, null)));
    }
}
