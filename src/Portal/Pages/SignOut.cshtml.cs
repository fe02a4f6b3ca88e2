using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consent.Portal.Pages;

/// <summary>Ends the session: the server forgets the token, the browser its cookies.</summary>
public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Consent");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync();
        Response.Cookies.Delete(Auth.PatientSession.RecordCookie);
        return LocalRedirect("/sign-in");
    }
}
