using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consent.Portal.Pages;

/// <summary>A page whose data the service refused to show (for example a record this session may not open).</summary>
public sealed class RefusedModel : PageModel
{
    public string Code { get; private set; } = "other";

    public void OnGet(string? code)
    {
        Code = code is { Length: > 0 and <= 60 } c && c.All(ch => char.IsAsciiLetterLower(ch) || char.IsAsciiDigit(ch) || ch == '-') ? c : "other";
        Response.StatusCode = StatusCodes.Status403Forbidden;
    }
}
