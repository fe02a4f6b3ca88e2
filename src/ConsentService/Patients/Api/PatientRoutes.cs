using Consent.Contracts.Identifiers;
using Consent.Service.Hosting;

namespace Consent.Service.Patients.Api;

/// <summary>The role table of api.md for patient routes, and the parsing of their path values.</summary>
public static class PatientRoutes
{
    public static Inss ParseInss(string value) =>
        Inss.TryParse(value, out var inss) ? inss.Value : throw ProblemException.InvalidInss();

    /// <summary>Patient view, consent, relations, exclusions, history, access log: the patient side and auditors.</summary>
    public static Caller Reader(HttpContext http, Inss patient)
    {
        var caller = Caller.From(http.User);
        return caller.ActsAsPatientFor(patient) || caller.IsAuditor
            ? caller
            : throw ProblemException.Forbidden("Only the patient, their representative or an auditor may read this.");
    }

    /// <summary>Consent and relation writes: the patient side, providers and hospital systems.</summary>
    public static Caller CareWriter(HttpContext http, Inss patient)
    {
        var caller = Caller.From(http.User);
        return caller.ActsAsPatientFor(patient) || caller.Role is Caller.ProviderRole or Caller.HisRole
            ? caller
            : throw ProblemException.Forbidden("Only the patient, their representative, a provider or a hospital system may change this.");
    }

    /// <summary>Exclusion writes: the patient side only.</summary>
    public static Caller PatientOnly(HttpContext http, Inss patient)
    {
        var caller = Caller.From(http.User);
        return caller.ActsAsPatientFor(patient)
            ? caller
            : throw ProblemException.Forbidden("Only the patient or their representative manages exclusions.");
    }

    /// <summary>The read routes' common start: a valid INSS, a reader allowed to see it, the current state with its ETag.</summary>
    public static async Task<(Inss Patient, PatientState State)> ReadCurrentAsync(HttpContext http, string inss, PatientViews views)
    {
        var patient = ParseInss(inss);
        Reader(http, patient);
        var state = await views.LoadAsync(patient, http.RequestAborted);
        SetVersionHeaders(http, state);
        return (patient, state);
    }

    public static void SetVersionHeaders(HttpContext http, PatientState state)
    {
        http.Response.Headers.ETag = ETags.Of(state.Version);
        http.Response.Headers[PatientWrites.PositionHeader] = state.Position.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
