using Consent.Portal.Api;
using Consent.Portal.Auth;
using Microsoft.AspNetCore.Mvc;

namespace Consent.Portal.Pages.Exclusions;

/// <summary>"Uitsluiting toevoegen": search, pick, an optional reason, "Opslaan".</summary>
public sealed class AddModel(ConsentApiClient api, PatientSession session) : ProviderPickPage(api, session)
{
    /// <summary>api.md: an exclusion's reason is at most 500 characters.</summary>
    public const int MaxReason = 500;

    public override string PagePath => "/exclusions/add";

    public Task OnGetAsync(string? q, string? nihdi, CancellationToken ct) => LoadAsync(q, nihdi, ct);

    public async Task<IActionResult> OnPostSaveAsync(string nihdi, string? reason, CancellationToken ct)
    {
        // Line breaks are control characters the service refuses: a reason is one line of text.
        var text = string.Join(' ', (reason ?? "").Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        await Api.AddExclusionAsync(Record, nihdi, text.Length == 0 ? null : text[..Math.Min(text.Length, MaxReason)], FromForm(), ct);
        Done("exclusion-added");
        return Redirect("/exclusions");
    }
}
