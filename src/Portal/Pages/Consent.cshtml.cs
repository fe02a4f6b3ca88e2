using Consent.Portal.Api;
using Consent.Portal.Auth;
using Microsoft.AspNetCore.Mvc;

namespace Consent.Portal.Pages;

/// <summary>"Mijn toestemming": the informed consent, with Activeren / Deactiveren behind a confirmation step.</summary>
public sealed class ConsentModel(ConsentApiClient api, PatientSession session) : RecordPage(api, session)
{
    public ConsentDto Consent { get; private set; } = null!;

    /// <summary>"activate" or "deactivate" while the confirmation step is shown.</summary>
    public string? Confirm { get; private set; }

    public bool Given => Consent.Status == "given";

    public bool Deceased => Consent.Status == "deceased";

    public async Task OnGetAsync(string? confirm, CancellationToken ct)
    {
        var patient = await Api.GetPatientAsync(Record, ct);
        (Consent, ETag) = (patient.Value.Consent, patient.ETag);
        // Only the step that makes sense now: "activate" while consent is given would change nothing.
        Confirm = confirm switch
        {
            "activate" when !Given && !Deceased => confirm,
            "deactivate" when Given => confirm,
            _ => null,
        };
    }

    public async Task<IActionResult> OnPostActivateAsync(CancellationToken ct)
    {
        await Api.GiveConsentAsync(Record, FromForm(), ct);
        Done("consent-given");
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeactivateAsync(CancellationToken ct)
    {
        await Api.RevokeConsentAsync(Record, FromForm(), ct);
        Done("consent-revoked");
        return RedirectToPage();
    }
}
