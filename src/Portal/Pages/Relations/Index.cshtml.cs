using Consent.Portal.Api;
using Consent.Portal.Auth;
using Microsoft.AspNetCore.Mvc;

namespace Consent.Portal.Pages.Relations;

/// <summary>"Therapeutische relaties": the list, and ending one (trash icon, then "Bevestig").</summary>
public sealed class IndexModel(ConsentApiClient api, PatientSession session) : RecordPage(api, session)
{
    public IReadOnlyList<RelationDto> Relations { get; private set; } = [];

    /// <summary>The relation whose ending is being confirmed.</summary>
    public RelationDto? Ending { get; private set; }

    public async Task OnGetAsync(Guid? end, CancellationToken ct)
    {
        var patient = await Api.GetPatientAsync(Record, ct);
        ETag = patient.ETag;
        // Current relations first (newest first), then those that ended or expired.
        Relations = [.. patient.Value.Relations
            .OrderBy(r => r.Status is "active" or "future" ? 0 : 1)
            .ThenByDescending(r => r.Start)];
        Ending = end is { } id ? Relations.FirstOrDefault(r => r.Id == id && CanEnd(r)) : null;
    }

    public async Task<IActionResult> OnPostEndAsync(Guid relation, CancellationToken ct)
    {
        await Api.EndRelationAsync(Record, relation, FromForm(), ct);
        Done("relation-ended");
        return RedirectToPage();
    }

    public static bool CanEnd(RelationDto r) => r.Status is "active" or "future";
}
