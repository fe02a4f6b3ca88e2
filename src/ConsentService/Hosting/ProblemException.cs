namespace Consent.Service.Hosting;

/// <summary>A request the service refuses, carrying the public problem code (api.md) and its status.</summary>
public sealed class ProblemException(int status, string code, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Code { get; } = code;

    public static ProblemException InvalidRequest(string detail) => new(400, "invalid-request", detail);
    public static ProblemException InvalidInss() => new(400, "invalid-inss", "Not a valid INSS or BIS number (11 digits, check digits mod 97).");
    public static ProblemException InvalidNihdi() => new(400, "invalid-nihdi", "Not a valid NIHDI (RIZIV/INAMI) number.");
    public static ProblemException Forbidden(string detail) => new(403, "forbidden", detail);
    public static ProblemException UnknownProvider(string nihdi) => new(422, "unknown-provider", $"Provider {nihdi} is not in the directory.");
}
