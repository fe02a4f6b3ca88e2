using System.Globalization;
using Consent.Contracts.Identifiers;

namespace Consent.Service.Patients;

/// <summary>One stream per patient, named after the INSS.</summary>
public static class PatientStreams
{
    public const string ViewType = "patient";

    private const string Prefix = "patient-";

    // An INSS is 11 digits (Inss.Value), so every patient stream id is the prefix and 11 digits.
    private const int NumberLength = 11;

    public static string IdOf(Inss patient) => Prefix + patient.Value;

    /// <summary>The INSS a patient stream is named after (consumers want the INSS, not our storage name).</summary>
    public static string PatientOf(string streamId) =>
        streamId.StartsWith(Prefix, StringComparison.Ordinal) ? streamId[Prefix.Length..] : streamId;

    /// <summary>
    /// The stream's 11 digits as a number, for keys that must be small (PatientStateCache). One number per
    /// id and back (<see cref="NumberText"/>); false for any id that is not a prefix and 11 ASCII digits.
    /// </summary>
    public static bool TryNumberOf(string streamId, out long number)
    {
        number = 0;
        if (streamId.Length != Prefix.Length + NumberLength || !streamId.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        foreach (var c in streamId.AsSpan(Prefix.Length))
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
            number = (number * 10) + (c - '0');
        }
        return true;
    }

    /// <summary>The 11 digits of a number from <see cref="TryNumberOf"/>, leading zeros included.</summary>
    public static string NumberText(long number) => number.ToString("D11", CultureInfo.InvariantCulture);
}
