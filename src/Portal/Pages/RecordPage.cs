using Consent.Portal.Api;
using Consent.Portal.Auth;
using Consent.Portal.Presentation;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consent.Portal.Pages;

/// <summary>
/// A page about the record being viewed (the person's own, or a child's). Its write forms carry the
/// ETag the page was rendered from (If-Match) and a one-time key (Idempotency-Key).
/// </summary>
public abstract class RecordPage(ConsentApiClient api, PatientSession session) : PageModel
{
    public const string DoneKey = "Done";

    protected ConsentApiClient Api => api;

    public PatientSession Session => session;

    /// <summary>The INSS of the record shown.</summary>
    public string Record => session.Record;

    /// <summary>The ETag of the record as this page showed it.</summary>
    public string? ETag { get; protected set; }

    /// <summary>A fresh key per rendering: posting the same form twice changes the record once.</summary>
    public string FormKey { get; } = Guid.NewGuid().ToString("N");

    /// <summary>
    /// The form's write, if it was made for the record now open. Another tab may have switched records since, and the
    /// ETag (a version number) could match on both: such a form is answered like a stale one and writes nothing.
    /// </summary>
    protected Write FromForm() =>
        Request.Form["record"].ToString() == Record
            ? new(Request.Form["version"].ToString(), Request.Form["formKey"].ToString())
            : throw new ApiProblemException(412, "version-conflict", "The form was made for another record than the one now open.");

    /// <summary>Says on the next page what was done (a translated sentence).</summary>
    protected void Done(string what) => TempData[DoneKey] = what;
}
