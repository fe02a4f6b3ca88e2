// The contract's read models the portal shows are read straight into its own records (ApiModels.cs), which keep
// enum values as strings so a value the portal does not know yet is shown as it is: the generator leaves these
// three schemas out (excludedTypeNames in Consent.Portal.csproj) and the generated client names them through these aliases.
global using PatientView = Consent.Portal.Api.PatientDto;
global using HistoryView = Consent.Portal.Api.HistoryDto;
global using ProviderView = Consent.Portal.Api.ProviderDto;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Consent.Portal.Api.Generated;

/// <summary>The generated client reads the service's JSON as the service writes it: camelCase, numbers also as strings.</summary>
public partial class ConsentServiceClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings)
    {
        settings.PropertyNameCaseInsensitive = true;
        settings.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        settings.NumberHandling = JsonNumberHandling.AllowReadingFromString;
    }
}
