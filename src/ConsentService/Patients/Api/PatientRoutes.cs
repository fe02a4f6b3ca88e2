using Consent.Contracts.Identifiers;
using Consent.Service.Hosting;

namespace Consent.Service.Patients.Api;

/// <summary>The role table of api.md for patient routes, and the parsing of their path values.</summary>
public static class PatientRoutes
{
    public static Inss ParseInss(string value) => PatientCommandFactory.Patient(value);

    /// <summary>Patient view, consent, relations, exclusions, history, access log: the patient side and auditors.</summary>
    public static Caller Reader(HttpContext http, Inss patient)
    {
        var caller = Caller.From(http.User);
        if (!caller.ActsAsPatientFor(patient) && !caller.IsAuditor)
        {
            throw RefusedException.Forbidden("Only the patient, their representative or an auditor may read this.");
        }
        http.RequestServices.GetRequiredService<Auditing.AuditTrail>().RecordBeforeAnswer(http, caller, patient);
        return caller;
    }

    /// <summary>
    /// Writes: the patient side, providers and hospital systems may ask; what each may change (exclusions
    /// are the patient's alone, a provider registers only for itself) is the domain's to decide.
    /// </summary>
    public static Caller Writer(HttpContext http, Inss patient)
    {
        var caller = Caller.From(http.User);
        return caller.ActsAsPatientFor(patient) || caller.Role is Roles.Provider or Roles.His
            ? caller
            : throw RefusedException.Forbidden("Only the patient, their representative, a provider or a hospital system may change this.");
    }

    /// <summary>The read routes' common start: a valid INSS, a reader allowed to see it, the current state with its ETag.</summary>
    public static async Task<(Inss Patient, PatientSnapshot Snapshot)> ReadCurrentAsync(HttpContext http, string inss, PatientViews views)
    {
        var patient = ParseInss(inss);
        Reader(http, patient);
        var state = await views.LoadAsync(patient, http.RequestAborted);
        SetVersionHeaders(http, state);
        return (patient, state);
    }

    public static void SetVersionHeaders(HttpContext http, PatientSnapshot state)
    {
        http.Response.Headers.ETag = ETags.Of(state.Version);
        http.Response.Headers[PatientWrites.PositionHeader] = state.Position.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
