using System.Security.Cryptography;
using System.Text;

namespace Consent.Service.Hosting;

/// <summary>
/// Health data: logs and traces never carry an INSS. They carry a keyed pseudonym instead, stable
/// within a deployment (so one patient's lines can be followed) and useless without the key.
/// </summary>
public static class Pseudonyms
{
    private static byte[] key = Encoding.UTF8.GetBytes("consent-default-pseudonym-key");

    public static void UseKey(string? configured)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            key = Encoding.UTF8.GetBytes(configured);
        }
    }

    public static string Of(string identifier) =>
        "p-" + Convert.ToHexString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(identifier)), 0, 8).ToLowerInvariant();
}
