using System.Security.Claims;
using Consent.Portal.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consent.Portal.Pages;

/// <summary>
/// Local profile: sign in as a demo patient (or a parent of a demo child) with a token from the
/// service's POST /dev/token. In production the page hands over to the OIDC authority instead.
/// </summary>
public sealed class SignInModel(ConsentApiClient api, PortalSettings settings) : PageModel
{
    public sealed record DemoPerson(string Inss, string Name, string DescriptionKey, string? Represents = null);

    /// <summary>The demo patients the service seeds (README), and a parent who represents the demo child.</summary>
    public static readonly DemoPerson[] Demo =
    [
        new("85073003328", "Sofie Claes", "SignIn.Demo.Full"),
        new("90021412501", "Thomas Maes", "SignIn.Demo.Basic"),
        new("62110304283", "Marc Jacobs", "SignIn.Demo.NoConsent"),
        new("48010900759", "Maria Willems", "SignIn.Demo.Basic"),
        new("70021501252", "An Peeters", "SignIn.Demo.Parent", "17073003384"),
    ];

    public bool DevSignIn => settings.DevSignIn;

    [BindProperty(SupportsGet = true)]
    public bool Expired { get; set; }

    /// <summary>The page the patient asked for before signing in (the cookie handler's redirect names it).</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? OtherInss { get; set; }

    [BindProperty]
    public string? OtherRepresents { get; set; }

    public bool InvalidOther { get; private set; }

    public IActionResult OnGet()
    {
        if (!DevSignIn)
        {
            // Production: the national login. Its callback comes back signed in.
            return Challenge(new AuthenticationProperties { RedirectUri = AfterSignIn });
        }
        return Page();
    }

    public async Task<IActionResult> OnPostDemoAsync(string inss, CancellationToken ct)
    {
        if (!DevSignIn || Demo.FirstOrDefault(d => d.Inss == inss) is not { } person)
        {
            return BadRequest();
        }
        return await SignInAsync(person.Inss, person.Represents is null ? [] : [person.Represents], person.Name, ct);
    }

    /// <summary>Any patient number (for developers and the browser tests' fresh patients).</summary>
    public async Task<IActionResult> OnPostOtherAsync(CancellationToken ct)
    {
        if (!DevSignIn)
        {
            return BadRequest();
        }
        var inss = Digits(OtherInss);
        var represents = (OtherRepresents ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries).Select(Digits).ToArray();
        if (inss.Length != 11 || represents.Any(r => r.Length != 11))
        {
            InvalidOther = true;
            return Page();
        }
        return await SignInAsync(inss, represents, null, ct);
    }

    private async Task<IActionResult> SignInAsync(string inss, string[] represents, string? name, CancellationToken ct)
    {
        var token = await api.IssueDevTokenAsync(new DevTokenRequest("patient", inss, represents.Length > 0 ? represents : null, name), ct);
        var claims = new List<Claim> { new("sub", $"patient:{inss}"), new("inss", inss) };
        if (name is not null)
        {
            claims.Add(new Claim("name", name));
        }
        claims.AddRange(represents.Select(r => new Claim("represents", r)));
        var expires = DateTimeOffset.UtcNow.AddSeconds(Math.Max(60, token.ExpiresIn - 30));
        var properties = new AuthenticationProperties { ExpiresUtc = expires, IsPersistent = false, AllowRefresh = false };
        properties.StoreTokens([new AuthenticationToken { Name = "access_token", Value = token.AccessToken }]);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            new ClaimsPrincipal(new ClaimsIdentity(claims, "dev-token", "name", "role")), properties);
        // A new session starts on the person's own record.
        Response.Cookies.Delete(Auth.PatientSession.RecordCookie);
        return LocalRedirect(AfterSignIn);
    }

    // A deep link survives the sign-in; anything but a page of this site (or the sign-in pages themselves) starts at consent.
    private string AfterSignIn =>
        Auth.RecordSwitch.LocalPath(ReturnUrl) is var path && path != "/" && !path.StartsWith("/sign-", StringComparison.OrdinalIgnoreCase)
            ? path
            : "/consent";

    private static string Digits(string? value) => new((value ?? "").Where(char.IsAsciiDigit).ToArray());
}
