using Consent.Contracts.Identifiers;

namespace Consent.Service.Patients.Api;

/// <summary>A provider who can currently see the patient's data, and through which relation.</summary>
public sealed record VisibleTo(ProviderSummary Provider, RelationType Through, DateTimeOffset Until, bool IncludesStaff);

public sealed record VisibilityView(string Inss, ConsentStatus Consent, IReadOnlyList<VisibleTo> Providers, long Version);

/// <summary>
/// "Who can see my data now?" (domain.md: patients see which providers can currently see their data):
/// the providers with an active relation and no exclusion, while consent is given; a hospital's
/// relation also opens the data to the staff working there.
/// </summary>
public static class VisibilityEndpoints
{
    public static void MapVisibility(this RouteGroupBuilder patients)
    {
        patients.MapGet("/{inss}/visible-to", async (string inss, HttpContext http, PatientViews views, PatientRendering rendering, TimeProvider clock) =>
        {
            var (patient, state) = await PatientRoutes.ReadCurrentAsync(http, inss, views);
            var now = clock.GetUtcNow();
            var relations = await rendering.RelationsAsync(state, activeOnly: true, http.RequestAborted);
            var consent = PatientRendering.Consent(state).Status;
            var visible = consent != ConsentStatus.Given
                ? []
                : relations
                    .Where(r => Nihdi.TryParse(r.Provider.Nihdi, out var n) && state.ExclusionOf(n.Value.Identity) is null)
                    .Select(r => new VisibleTo(r.Provider, r.Type, r.End, r.Provider.Profession == Profession.Hospital))
                    .ToList();
            return TypedResults.Ok(new VisibilityView(patient.Value, consent, visible, state.Version));
        }).WithName("GetVisibleTo");
    }
}
