using System.Security.Cryptography;

namespace Consent.Service.Auditing;

/// <summary>
/// hash(n) = SHA-256(hash(n-1) || canonical bytes of n), from a fixed genesis value. The append computes
/// the same in SQL (sha256(prev || canonical)); this is the verifiers' side.
/// </summary>
public static class HashChain
{
    public const int HashLength = 32;

    /// <summary>What the first link chains from: 32 zero bytes.</summary>
    public static ReadOnlySpan<byte> Genesis => new byte[HashLength];

    public static byte[] Next(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> canonical)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(previous);
        hash.AppendData(canonical);
        return hash.GetHashAndReset();
    }

    public static string Hex(ReadOnlySpan<byte> hash) => Convert.ToHexStringLower(hash);
}
