using Microsoft.AspNetCore.Antiforgery;

namespace Consent.Portal.Auth;

/// <summary>A parent switches between their own record and a child's: a form on every page posts here.</summary>
public static class RecordSwitch
{
    public static void MapRecordSwitch(this IEndpointRouteBuilder app)
    {
        app.MapPost("/record", async (HttpContext http, IAntiforgery antiforgery, PatientSession session) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.BadRequest();
            }
            var form = await http.Request.ReadFormAsync();
            var record = form["record"].ToString();
            if (session.Records.Contains(record))
            {
                http.Response.Cookies.Append(PatientSession.RecordCookie, record, new CookieOptions
                {
                    HttpOnly = true,
                    SameSite = SameSiteMode.Strict,
                    Secure = http.Request.IsHttps,
                    IsEssential = true,
                });
            }
            return Results.LocalRedirect(LocalPath(form["returnUrl"].ToString()));
        }).RequireAuthorization().DisableAntiforgery();
    }

    /// <summary>
    /// Only a path of this site: an open redirect would let a link send a signed-in patient elsewhere. A control
    /// character (a crafted /%0Ax) or any character beyond ASCII (/%C3%A9) is no path either: the redirect's Location
    /// header would refuse it with an error page.
    /// </summary>
    public static string LocalPath(string? url) =>
        url is { Length: > 1 } && url[0] == '/' && url[1] is not ('/' or '\\') && url.All(c => c is >= '!' and <= '~') ? url : "/";
}
