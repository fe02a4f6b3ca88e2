using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consent.Portal.Pages;

/// <summary>Anything unexpected, and unknown addresses: a plain page, never a stack trace.</summary>
[Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Status { get; private set; } = 500;

    public void OnGet(int? status) => Status = status ?? Response.StatusCode;

    public void OnPost(int? status) => OnGet(status);
}
