using Consent.Contracts.Identifiers;

namespace Consent.Service.Patients;

/// <summary>One stream per patient, named after the INSS.</summary>
public static class PatientStreams
{
    public const string ViewType = "patient";

    public static string IdOf(Inss patient) => $"patient-{patient.Value}";
}
