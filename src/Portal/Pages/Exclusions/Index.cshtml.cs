using Consent.Portal.Api;
using Consent.Portal.Auth;
using Consent.Portal.Presentation;
using Microsoft.AspNetCore.Mvc;

namespace Consent.Portal.Pages.Exclusions;

/// <summary>"Uitsluitingen": the providers the patient bars by name, and lifting one after a confirmation.</summary>
public sealed class IndexModel(ConsentApiClient api, PatientSession session) : RecordPage(api, session)
{
    public IReadOnlyList<ExclusionDto> Exclusions { get; private set; } = [];

    public ExclusionDto? Lifting { get; private set; }

    public async Task OnGetAsync(string? lift, CancellationToken ct)
    {
        var patient = await Api.GetPatientAsync(Record, ct);
        ETag = patient.ETag;
        Exclusions = [.. patient.Value.Exclusions.OrderByDescending(x => x.Since)];
        Lifting = lift is null ? null : Exclusions.FirstOrDefault(x => Display.Identity(x.Provider.Nihdi) == Display.Identity(lift));
    }

    public async Task<IActionResult> OnPostLiftAsync(string provider, CancellationToken ct)
    {
        await Api.LiftExclusionAsync(Record, Display.Identity(provider), FromForm(), ct);
        Done("exclusion-lifted");
        return RedirectToPage();
    }
}
