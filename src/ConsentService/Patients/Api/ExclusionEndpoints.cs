using Consent.Contracts.Identifiers;
using Consent.Service.Hosting;
using Consent.Service.Providers;

namespace Consent.Service.Patients.Api;

/// <summary>"Uitsluitingen": the providers a patient bars by name.</summary>
public static class ExclusionEndpoints
{
    public static void MapExclusions(this RouteGroupBuilder patients)
    {
        patients.MapGet("/{inss}/exclusions", async (string inss, HttpContext http, PatientViews views, PatientRendering rendering) =>
        {
            var (_, state) = await PatientRoutes.ReadCurrentAsync(http, inss, views);
            return TypedResults.Ok(await rendering.ExclusionsAsync(state, http.RequestAborted));
        }).WithName("ListExclusions");

        patients.MapPost("/{inss}/exclusions", async (string inss, HttpContext http, PatientWrites writes, ProviderDirectory directory, PatientRendering rendering) =>
        {
            var patient = PatientRoutes.ParseInss(inss);
            var caller = PatientRoutes.PatientOnly(http, patient);
            var body = await RequestBody.ReadAsync<AddExclusionRequest>(http.Request);
            if (!Nihdi.TryParse(body.Provider, out var nihdi))
            {
                throw ProblemException.InvalidNihdi();
            }
            if (body.Reason is { Length: > 500 })
            {
                throw ProblemException.InvalidRequest("reason may be at most 500 characters.");
            }
            _ = await directory.FindAsync(nihdi.Value.Identity, http.RequestAborted) ?? throw ProblemException.UnknownProvider(nihdi.Value.Value);
            return await writes.ExecuteAsync(http, patient, new AddExclusion(caller.ActingFor(patient), nihdi.Value, body.Reason), body, async result =>
            {
                var views = await rendering.ExclusionsAsync(result.State, http.RequestAborted);
                var view = views.First(v => v.Provider.Nihdi[..8] == nihdi.Value.Identity.Value);
                return new WriteAnswer(result.Changed ? 201 : 200, view, result.Changed ? $"/v1/patients/{patient.Value}/exclusions" : null);
            });
        }).WithName("AddExclusion");

        patients.MapDelete("/{inss}/exclusions/{nihdi}", async (string inss, string nihdi, HttpContext http, PatientWrites writes) =>
        {
            var patient = PatientRoutes.ParseInss(inss);
            var caller = PatientRoutes.PatientOnly(http, patient);
            if (!ProviderId.TryParse(nihdi, out var provider))
            {
                throw ProblemException.InvalidNihdi();
            }
            return await writes.ExecuteAsync(http, patient, new LiftExclusion(caller.ActingFor(patient), provider.Value), null,
                _ => Task.FromResult(new WriteAnswer(204, null)));
        }).WithName("LiftExclusion");
    }
}
