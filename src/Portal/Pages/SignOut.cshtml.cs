using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consent.Portal.Pages;

/// <summary>Ends the session: the server forgets the token, the browser its cookies.</summary>
public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Consent");

    public async Task<IActionResult> OnPostAsync([FromServices] IAuthenticationSchemeProvider schemes)
    {
        Response.Cookies.Delete(Auth.PatientSession.RecordCookie);
        if (await schemes.GetSchemeAsync(OpenIdConnectDefaults.AuthenticationScheme) is not null)
        {
            // Behind the national login its session ends too: on a shared computer the next "Aanmelden" must not sign
            // the same person straight back in. The login sends the browser back to the sign-in page.
            return SignOut(new AuthenticationProperties { RedirectUri = "/sign-in" },
                CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme);
        }
        await HttpContext.SignOutAsync();
        return LocalRedirect("/sign-in");
    }
}
