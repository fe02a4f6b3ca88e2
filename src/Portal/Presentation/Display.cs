using Consent.Portal.Api;

namespace Consent.Portal.Presentation;

/// <summary>Numbers and names as a patient reads them on MijnGezondheid.</summary>
public static class Display
{
    /// <summary>A RIZIV/INAMI number as <c>1-23456-25-004</c>: profession, sequence, check digits, qualification.</summary>
    public static string Riziv(string? nihdi)
    {
        var digits = new string((nihdi ?? "").Where(char.IsAsciiDigit).ToArray());
        return digits.Length == 11 ? $"{digits[0]}-{digits[1..6]}-{digits[6..8]}-{digits[8..]}"
            : digits.Length == 8 ? $"{digits[0]}-{digits[1..6]}-{digits[6..8]}"
            : nihdi ?? "";
    }

    /// <summary>A national register number as <c>85.07.30-033.28</c>.</summary>
    public static string Inss(string? inss)
    {
        var d = new string((inss ?? "").Where(char.IsAsciiDigit).ToArray());
        return d.Length == 11 ? $"{d[..2]}.{d[2..4]}.{d[4..6]}-{d[6..9]}.{d[9..]}" : inss ?? "";
    }

    public static string Name(string? firstName, string? lastName, string? nihdi)
    {
        var name = $"{firstName} {lastName}".Trim();
        return name.Length > 0 ? name : Riziv(nihdi);
    }

    public static string Name(ProviderRefDto p) => Name(p.FirstName, p.LastName, p.Nihdi);

    public static string Name(ProviderDto p) => Name(p.FirstName, p.LastName, p.Nihdi);

    /// <summary>The 8-digit identity relations and exclusions attach to.</summary>
    public static string Identity(string nihdi)
    {
        var digits = new string(nihdi.Where(char.IsAsciiDigit).ToArray());
        return digits.Length >= 8 ? digits[..8] : digits;
    }
}
