using Consent.Portal.Api;
using Consent.Portal.Auth;

namespace Consent.Portal.Pages;

/// <summary>"Wie kan mijn gegevens zien": the providers who can see the data now, and through which relation.</summary>
public sealed class VisibleToModel(ConsentApiClient api, PatientSession session) : RecordPage(api, session)
{
    public VisibilityDto Visibility { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Visibility = await Api.GetVisibleToAsync(Record, ct);
}
