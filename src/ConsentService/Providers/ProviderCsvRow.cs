using Consent.Contracts.Identifiers;
using Consent.Service.Patients;

namespace Consent.Service.Providers;

/// <summary>
/// One data line of a provider file turned into a provider, or the reason it cannot be one. The profession
/// always comes from the NIHDI number's first digit; the qualification from its last three, or from the
/// qualification column when the number is given as the 8-digit identity.
/// </summary>
public static class ProviderCsvRow
{
    public const int MaxText = 200;

    /// <summary>Fields by lower-case column name; optional columns may be absent.</summary>
    public static (Provider? Provider, string? Reason) ToProvider(IReadOnlyDictionary<string, string> row)
    {
        var (nihdi, reason) = Number(row["nihdi"], row.GetValueOrDefault("qualification") ?? "");
        if (nihdi is not { } number)
        {
            return (null, reason);
        }
        var (first, last) = (row["firstname"], row["lastname"]);
        if (last.Length == 0)
        {
            return (null, "lastName is empty (for an institution, its name).");
        }
        // Institutions and laboratories are listed by name alone; a person has a first name too.
        if (first.Length == 0 && number.Profession is not (Profession.Hospital or Profession.ClinicalLaboratory))
        {
            return (null, $"firstName is empty (required for a {KebabEnum.Name(number.Profession)}).");
        }
        var city = row.GetValueOrDefault("city") ?? "";
        if (first.Length > MaxText || last.Length > MaxText || city.Length > MaxText)
        {
            return (null, $"A name or city is longer than {MaxText} characters.");
        }
        if (new[] { first, last, city }.Any(t => t.Any(char.IsControl)))
        {
            return (null, "A name or city holds a control character.");
        }

        var institutions = new List<ProviderId>();
        foreach (var text in (row.GetValueOrDefault("institutions") ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!ProviderId.TryParse(text, out var institution))
            {
                return (null, $"Institution '{text}' is not a valid NIHDI number (8 or 11 digits with check digits).");
            }
            if (institution.Value.Profession != Profession.Hospital)
            {
                return (null, $"Institution '{text}' is not the NIHDI number of a hospital (profession digit 7).");
            }
            if (!institutions.Contains(institution.Value))
            {
                institutions.Add(institution.Value);
            }
        }
        return (new Provider(number, first, last, number.Profession, number.Qualification, city.Length > 0 ? city : null, institutions), null);
    }

    private static (Nihdi?, string?) Number(string text, string qualification)
    {
        if (qualification.Length == 0)
        {
            return Nihdi.TryParse(text, out var whole) ? (whole, null) : (null, NihdiDiagnosis.Explain(text));
        }
        if (qualification.Length != 3 || !qualification.All(char.IsAsciiDigit))
        {
            return (null, $"Qualification '{qualification}' is not a 3-digit code.");
        }
        var digits = NihdiDiagnosis.Digits(text);
        if (digits is { Length: 8 })
        {
            // An 8-digit identity plus its qualification column is the whole number.
            var joined = digits + qualification;
            return Nihdi.TryParse(joined, out var built) ? (built, null) : (null, NihdiDiagnosis.Explain(joined));
        }
        if (!Nihdi.TryParse(text, out var nihdi))
        {
            return (null, NihdiDiagnosis.Explain(text));
        }
        return nihdi.Value.Qualification == qualification
            ? (nihdi, null)
            : (null, $"Qualification {qualification} contradicts the number's own code {nihdi.Value.Qualification}.");
    }
}
