using Consent.Contracts.Identifiers;

namespace Consent.Domain;

/// <summary>
/// Which profession may read which document type (section "Access:Matrix", values "R", "RW" or "-").
/// Reading is what an access decision is about, so R and RW both permit it. domain.md gives the defaults.
/// </summary>
public sealed class AccessMatrix
{
    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Defaults = new Dictionary<string, IReadOnlyDictionary<string, string>>
    {
        ["physician"] = Row("RW", "RW", "RW", "R", "R", "R"),
        ["hospital-pharmacist"] = Row("R", "RW", "R", "R", "-", "-"),
        ["pharmacist"] = Row("-", "RW", "R", "-", "-", "-"),
        ["nurse-or-midwife"] = Row("R", "RW", "R", "R", "R", "-"),
        ["dentist"] = Row("R", "R", "R", "-", "-", "R"),
        ["physiotherapist"] = Row("-", "-", "-", "-", "-", "R"),
    }.AsReadOnly();

    private readonly HashSet<(Profession, DocumentType)> readable;

    private AccessMatrix(HashSet<(Profession, DocumentType)> readable) => this.readable = readable;

    public static AccessMatrix Default { get; } = From(Defaults);

    public bool MayRead(Profession profession, DocumentType documentType) => readable.Contains((profession, documentType));

    /// <summary>Builds the matrix from configuration; a wrong profession, document type or right is refused at start-up.</summary>
    public static AccessMatrix From(IEnumerable<KeyValuePair<string, IReadOnlyDictionary<string, string>>> rows)
    {
        var readable = new HashSet<(Profession, DocumentType)>();
        foreach (var (professionName, rights) in rows)
        {
            if (!KebabEnum.TryParse<Profession>(professionName, out var profession))
            {
                throw new InvalidOperationException($"Access:Matrix: unknown profession '{professionName}'.");
            }
            foreach (var (documentName, right) in rights)
            {
                if (!KebabEnum.TryParse<DocumentType>(documentName, out var documentType))
                {
                    throw new InvalidOperationException($"Access:Matrix:{professionName}: unknown document type '{documentName}'.");
                }
                switch (right)
                {
                    case "R" or "RW":
                        readable.Add((profession, documentType));
                        break;
                    case "-" or "" or "W":
                        break;
                    default:
                        throw new InvalidOperationException($"Access:Matrix:{professionName}:{documentName}: '{right}' is not R, RW or -.");
                }
            }
        }
        return new AccessMatrix(readable);
    }

    private static IReadOnlyDictionary<string, string> Row(string sumehr, string medication, string vaccination, string lab, string discharge, string imaging) => new Dictionary<string, string>
    {
        ["sumehr"] = sumehr,
        ["medication-scheme"] = medication,
        ["vaccination"] = vaccination,
        ["lab-result"] = lab,
        ["discharge-letter"] = discharge,
        ["imaging-report"] = imaging,
    }.AsReadOnly();
}
