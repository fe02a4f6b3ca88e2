using System.Globalization;
using Consent.Service.Patients;
using Consent.Service.Patients.Api;

namespace Consent.Service.Access;

/// <summary>The patient's access log ("Wie zag mijn gegevens"), newest first, paged with Link: rel=next.</summary>
public static class AccessLogEndpoints
{
    public const int MaxPage = 500;

    public static void MapAccessLog(this RouteGroupBuilder patients) =>
        patients.MapGet("/{inss}/access-log", GetAsync).WithName("GetAccessLog");

    private static async Task<IResult> GetAsync(string inss, int? limit, long? before, HttpContext http, AccessLogReader log, PatientViews views)
    {
        var patient = PatientRoutes.ParseInss(inss);
        PatientRoutes.Reader(http, patient);
        var pageSize = limit ?? 50;
        if (pageSize is < 1 or > MaxPage)
        {
            throw RefusedException.InvalidRequest($"limit must be between 1 and {MaxPage}.");
        }
        var page = await log.PageAsync(patient, before, pageSize, http.RequestAborted);
        // Every patient response carries the stream's version (api.md), the log's pages too.
        http.Response.Headers.ETag = ETags.Of((await views.LoadAsync(patient, http.RequestAborted)).Version);
        if (page.Count == pageSize)
        {
            var next = page[^1].Id.ToString(CultureInfo.InvariantCulture);
            http.Response.Headers.Link = $"</v1/patients/{patient.Value}/access-log?limit={pageSize}&before={next}>; rel=\"next\"";
        }
        return TypedResults.Ok(page);
    }
}
