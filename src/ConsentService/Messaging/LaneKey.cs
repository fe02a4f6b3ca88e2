using System.Text.Json;
using Consent.Contracts.Identifiers;

namespace Consent.Service.Messaging;

/// <summary>
/// Picks the lane of a command from its patient, so that one patient's commands are handled one at a
/// time and in queue order while other patients' run beside them. A body without a readable patient
/// (it will be dead-lettered anyway) goes to lane 0.
/// </summary>
public static class LaneKey
{
    public static int Of(byte[] body, int lanes)
    {
        var patient = PatientOf(body);
        return patient is null ? 0 : (int)(long.Parse(patient.Value.Value, System.Globalization.CultureInfo.InvariantCulture) % lanes);
    }

    private static Inss? PatientOf(byte[] body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isPatient = reader.ValueTextEquals("patient"u8);
                reader.Read();
                if (isPatient)
                {
                    return reader.TokenType == JsonTokenType.String && Inss.TryParse(reader.GetString(), out var inss) ? inss : null;
                }
                reader.Skip();
            }
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
