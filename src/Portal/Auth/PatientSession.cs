using System.Security.Claims;

namespace Consent.Portal.Auth;

/// <summary>
/// Who is signed in and whose record they are looking at: their own, or that of someone they
/// represent (a parent for a child). The choice is a cookie; it is honoured only for a record the
/// session's token may act for, and the service checks the same again on every call.
/// </summary>
public sealed class PatientSession(IHttpContextAccessor accessor)
{
    public const string RecordCookie = "consent.portal.record";

    private ClaimsPrincipal User => accessor.HttpContext?.User ?? new ClaimsPrincipal();

    public string? Name => User.FindFirst("name")?.Value;

    public string? OwnInss => User.FindFirst("inss")?.Value;

    public IReadOnlyList<string> Represents =>
        [.. User.FindAll("represents").SelectMany(c => c.Value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries)).Distinct()];

    /// <summary>Every record this person may open: their own first, then those they represent.</summary>
    public IReadOnlyList<string> Records => [.. new[] { OwnInss }.OfType<string>().Concat(Represents).Distinct()];

    /// <summary>The record the pages show and change.</summary>
    public string Record
    {
        get
        {
            var chosen = accessor.HttpContext?.Request.Cookies[RecordCookie];
            var records = Records;
            return chosen is not null && records.Contains(chosen) ? chosen
                : records.Count > 0 ? records[0]
                : throw new InvalidOperationException("The session names no patient record.");
        }
    }

    public bool IsOwnRecord => Record == OwnInss;
}
