using System.Security.Cryptography;
using System.Text;

namespace Consent.Service.Hosting;

/// <summary>
/// Health data: logs and traces never carry an INSS. They carry a keyed pseudonym instead, stable
/// within a deployment (so one patient's lines can be followed) and useless without the key. One per
/// host, keyed by Logging:PseudonymKey (required outside the local and test profiles).
/// </summary>
public sealed class Pseudonyms(string? configuredKey)
{
    /// <summary>Public, so pseudonyms made with it can be reversed by trying every INSS: local and test profiles only.</summary>
    public const string DevelopmentKey = "consent-default-pseudonym-key";

    private readonly byte[] key = Encoding.UTF8.GetBytes(string.IsNullOrEmpty(configuredKey) ? DevelopmentKey : configuredKey);

    public string Of(string identifier) =>
        "p-" + Convert.ToHexString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(identifier)), 0, 8).ToLowerInvariant();
}
