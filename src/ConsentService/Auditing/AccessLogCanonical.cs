using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using Consent.Service.Access;

namespace Consent.Service.Auditing;

/// <summary>
/// The bytes an access-log batch's hash covers, defined once for the writer (from the entries it is
/// about to insert) and the verifier (from the stored rows): each entry as a canonical JSON object
/// followed by a newline, in id order; the batch digest is SHA-256 over them, and the batch's hash
/// SHA-256(previous batch's hash || digest).
/// </summary>
public static class AccessLogCanonical
{
    public static byte[] Of(AccessLogEntry e) =>
        Of(e.Patient, e.LoggedAt, e.DecidedFor, e.Provider, e.DocumentType, e.Decision, e.Reasons, e.BreakTheGlass,
            e.ReviewRequired, e.RequestedByKind + ":" + e.RequestedById, e.Position);

    public static byte[] Of(
        string patient, DateTimeOffset loggedAt, DateTimeOffset decidedFor, string provider, string? documentType, string decision,
        IReadOnlyList<string> reasons, string? breakTheGlass, bool reviewRequired, string requestedBy, long position)
    {
        var output = new ArrayBufferWriter<byte>(256);
        CanonicalJson.Raw(output, "{\"breakTheGlass\":");
        NullableString(breakTheGlass, output);
        CanonicalJson.Raw(output, ",\"decidedFor\":");
        CanonicalJson.WriteString(StorePrecision.Format(decidedFor), output);
        CanonicalJson.Raw(output, ",\"decision\":");
        CanonicalJson.WriteString(decision, output);
        CanonicalJson.Raw(output, ",\"documentType\":");
        NullableString(documentType, output);
        CanonicalJson.Raw(output, ",\"loggedAt\":");
        CanonicalJson.WriteString(StorePrecision.Format(loggedAt), output);
        CanonicalJson.Raw(output, ",\"patient\":");
        CanonicalJson.WriteString(patient, output);
        CanonicalJson.Raw(output, ",\"position\":");
        CanonicalJson.Raw(output, position.ToString(CultureInfo.InvariantCulture));
        CanonicalJson.Raw(output, ",\"provider\":");
        CanonicalJson.WriteString(provider, output);
        CanonicalJson.Raw(output, ",\"reasons\":[");
        for (var i = 0; i < reasons.Count; i++)
        {
            CanonicalJson.Raw(output, i == 0 ? "" : ",");
            CanonicalJson.WriteString(reasons[i], output);
        }
        CanonicalJson.Raw(output, "],\"requestedBy\":");
        CanonicalJson.WriteString(requestedBy, output);
        CanonicalJson.Raw(output, ",\"reviewRequired\":");
        CanonicalJson.Raw(output, reviewRequired ? "true" : "false");
        CanonicalJson.Raw(output, "}\n");
        return output.WrittenSpan.ToArray();
    }

    /// <summary>The digest of a batch's entries, in the order they are inserted (and get their ids).</summary>
    public static byte[] Digest(IEnumerable<byte[]> canonicalEntries)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var entry in canonicalEntries)
        {
            hash.AppendData(entry);
        }
        return hash.GetHashAndReset();
    }

    private static void NullableString(string? value, IBufferWriter<byte> output)
    {
        if (value is null)
        {
            CanonicalJson.Raw(output, "null");
        }
        else
        {
            CanonicalJson.WriteString(value, output);
        }
    }
}
