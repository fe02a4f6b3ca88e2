using Consent.Contracts.Identifiers;

namespace Consent.Service.Patients;

/// <summary>One stream per patient, named after the INSS.</summary>
public static class PatientStreams
{
    public const string ViewType = "patient";

    private const string Prefix = "patient-";

    public static string IdOf(Inss patient) => Prefix + patient.Value;

    /// <summary>The INSS a patient stream is named after (consumers want the INSS, not our storage name).</summary>
    public static string PatientOf(string streamId) =>
        streamId.StartsWith(Prefix, StringComparison.Ordinal) ? streamId[Prefix.Length..] : streamId;
}
