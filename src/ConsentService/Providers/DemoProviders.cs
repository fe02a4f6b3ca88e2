using Consent.Contracts.Identifiers;

namespace Consent.Service.Providers;

/// <summary>
/// A few hundred made-up providers with valid NIHDI numbers and Belgian names (accents included), and a
/// few hospitals, so that every route can be tried at once. Deterministic: the same list every run.
/// </summary>
public static class DemoProviders
{
    public static readonly (string Nihdi, string Name, string City)[] Hospitals =
    [
        ("71000139000", "AZ Delta", "Roeselare"),
        ("71000238000", "UZ Gent", "Gent"),
        ("71000337000", "CHU de Liège", "Liège"),
        ("71000436000", "Cliniques universitaires Saint-Luc", "Bruxelles"),
        ("71000535000", "ZNA Middelheim", "Antwerpen"),
    ];

    /// <summary>Dr. Émile Dupré, a recognised GP at AZ Delta: the provider the README's examples use.</summary>
    public const string DemoGp = "12345625004";

    private static readonly string[] FirstNames =
    [
        "Émile", "Zoë", "Françoise", "Noël", "Jérôme", "Anaïs", "Hélène", "Maëlle", "Lotte", "Wout", "Jens", "Sofie",
        "Céline", "Frédéric", "Amélie", "Raphaël", "Inès", "Joëlle", "Lucas", "Marie", "Pieter", "Annelies", "Thibault", "Chloé",
    ];

    private static readonly string[] LastNames =
    [
        "Dupré", "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters", "De Smet",
        "Lefèvre", "Dubois", "Lambert", "Van den Broeck", "Vandenberghe", "Lemaître", "Hermans", "Coppens", "Verbruggen",
        "Leclercq", "Gérard", "Renard", "Fontaine", "Bauwens", "Desmedt", "Van Damme", "Ngoma", "El Amrani", "Özdemir",
    ];

    private static readonly string[] Cities = ["Gent", "Antwerpen", "Brussel", "Liège", "Namur", "Leuven", "Brugge", "Mons", "Hasselt", "Kortrijk", "Roeselare", "Arlon"];

    private static readonly (Profession Profession, int Share, string[] Qualifications)[] Mix =
    [
        (Profession.Physician, 40, ["004", "003", "000", "580", "690"]),
        (Profession.Pharmacist, 15, ["401"]),
        (Profession.NurseOrMidwife, 20, ["401", "402"]),
        (Profession.Dentist, 10, ["001"]),
        (Profession.Physiotherapist, 10, ["001"]),
        (Profession.HospitalPharmacist, 5, ["401"]),
    ];

    public const int MaxCount = 150_000;

    public static IReadOnlyList<Provider> All(int count = 300)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCount);
        var hospitals = Hospitals.Select(h => Nihdi.Parse(h.Nihdi)).ToArray();
        var providers = Hospitals.Select(h => new Provider(Nihdi.Parse(h.Nihdi), "", h.Name, Profession.Hospital, "000", h.City, [])).ToList();
        providers.Add(new Provider(Nihdi.Parse(DemoGp), "Émile", "Dupré", Profession.Physician, "004", "Roeselare", [hospitals[0].Identity]));

        var taken = providers.Select(p => p.Nihdi.Identity).ToHashSet();
        for (var i = 0; providers.Count < count; i++)
        {
            var (profession, _, qualifications) = Pick(i);
            var first6 = ((int)profession * 100000) + 20000 + (i * 37 % 79000);
            // Newer numbers use the mod 89 rule: give every fifth provider one. Sequence numbers repeat
            // every 79,000 providers; the second round swaps the rules, so its numbers are new ones.
            var newer = (i % 5 == 4) != (i / 79_000 % 2 == 1);
            var check = newer ? ProviderId.CheckDigitsMod89(first6) : ProviderId.CheckDigitsMod97(first6);
            var nihdi = Nihdi.Parse($"{first6:D6}{check:D2}{qualifications[i % qualifications.Length]}");
            if (!taken.Add(nihdi.Identity))
            {
                continue;
            }
            IReadOnlyList<ProviderId> works = profession is Profession.Physician or Profession.NurseOrMidwife or Profession.HospitalPharmacist && i % 3 == 0
                ? [hospitals[i % hospitals.Length].Identity]
                : [];
            providers.Add(new Provider(nihdi, FirstNames[i % FirstNames.Length], LastNames[(i * 7) % LastNames.Length], profession,
                nihdi.Qualification, Cities[i % Cities.Length], works));
        }
        return providers;
    }

    private static (Profession, int, string[]) Pick(int i)
    {
        var slot = i % 100;
        foreach (var entry in Mix)
        {
            if (slot < entry.Share)
            {
                return entry;
            }
            slot -= entry.Share;
        }
        return Mix[0];
    }
}
