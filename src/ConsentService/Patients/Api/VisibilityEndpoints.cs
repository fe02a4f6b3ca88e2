namespace Consent.Service.Patients.Api;

/// <summary>A provider who can currently see the patient's data, and through which relation.</summary>
public sealed record VisibleTo(ProviderSummary Provider, RelationType Through, DateTimeOffset Until, bool IncludesStaff);

public sealed record VisibilityView(string Inss, ConsentStatus Consent, IReadOnlyList<VisibleTo> Providers, long Version);

/// <summary>
/// "Who can see my data now?" (domain.md): the access policy itself, asked for every provider the
/// patient's relations reach (AccessPolicy.VisibleTo), so the portal never promises what a decision refuses.
/// </summary>
public static class VisibilityEndpoints
{
    public static void MapVisibility(this RouteGroupBuilder patients) =>
        patients.MapGet("/{inss}/visible-to", GetAsync).WithName("GetVisibleTo");

    private static async Task<IResult> GetAsync(
        string inss, HttpContext http, PatientViews views, PatientRendering rendering, AccessMatrix matrix, TimeProvider clock)
    {
        var (patient, snapshot) = await PatientRoutes.ReadCurrentAsync(http, inss, views);
        var state = snapshot.State;
        var now = clock.GetUtcNow();
        var visible = AccessPolicy.VisibleTo(state, now, matrix);
        var relations = await rendering.RelationsAsync(state, visible.Select(v => v.Through), now, http.RequestAborted);
        var providers = relations.Zip(visible, (view, v) => new VisibleTo(view.Provider, view.Type, view.End, v.IncludesStaff)).ToList();
        return TypedResults.Ok(new VisibilityView(patient.Value, PatientRendering.Consent(state).Status, providers, snapshot.Version));
    }
}
