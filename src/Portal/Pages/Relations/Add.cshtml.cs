using Consent.Portal.Api;
using Consent.Portal.Auth;
using Microsoft.AspNetCore.Mvc;

namespace Consent.Portal.Pages.Relations;

/// <summary>"Therapeutische relatie toevoegen": search, pick, save as a patient-declared relation.</summary>
public sealed class AddModel(ConsentApiClient api, PatientSession session) : ProviderPickPage(api, session)
{
    public override string PagePath => "/relations/add";

    public Task OnGetAsync(string? q, string? nihdi, CancellationToken ct) => LoadAsync(q, nihdi, ct);

    public async Task<IActionResult> OnPostSaveAsync(string nihdi, CancellationToken ct)
    {
        await Api.AddRelationAsync(Record, nihdi, FromForm(), ct);
        Done("relation-added");
        return Redirect("/relations");
    }
}
