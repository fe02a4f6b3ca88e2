using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consent.Portal.Pages;

/// <summary>The consent service cannot be reached: say so plainly, offer to try again. Calls nothing itself.</summary>
public sealed class UnavailableModel : PageModel
{
    public string ReturnUrl { get; private set; } = "/";

    public void OnGet(string? returnUrl)
    {
        ReturnUrl = Auth.RecordSwitch.LocalPath(returnUrl);
        Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        Response.Headers.RetryAfter = "30";
    }
}
