using System.Text.Json;
using System.Text.Json.Serialization;

namespace Consent.Portal.Api.Generated;

/// <summary>
/// The generated client reads and writes the contract's enums by their wire names (kebab-case): NSwag names the values
/// (JsonStringEnumMemberName, Consent.Portal.csproj) but puts no converter on the properties of a referenced enum.
/// </summary>
public partial class ConsentServiceClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) =>
        settings.Converters.Add(new JsonStringEnumConverter());
}
