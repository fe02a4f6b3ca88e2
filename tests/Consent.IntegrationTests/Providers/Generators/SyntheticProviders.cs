using Consent.Contracts.Identifiers;
using Consent.Service.Providers;

namespace Consent.IntegrationTests.Providers;

/// <summary>
/// A realistic directory of any size up to 600,000 for load tests and benchmarks: valid NIHDI numbers
/// (about one in four by the newer mod 89 rule), the professions in Belgian proportions, Dutch, French
/// and other Belgian names with their accents and particles, double-barrelled names, and hospitals that
/// a third of physicians, nurses and hospital pharmacists work at. Deterministic: a seed gives one list.
/// Unlike <see cref="DemoProviders"/> the names are varied enough that a first and last name mostly
/// single out a provider, as in the real directory.
/// </summary>
public static class SyntheticProviders
{
    private static readonly string[] FirstNames =
    [
        "Émile", "Zoë", "Françoise", "Noël", "Jérôme", "Anaïs", "Hélène", "Maëlle", "Lotte", "Wout", "Jens", "Sofie",
        "Céline", "Frédéric", "Amélie", "Raphaël", "Inès", "Joëlle", "Lucas", "Marie", "Pieter", "Annelies", "Thibault",
        "Chloé", "Sébastien", "Gaëlle", "Benoît", "Aurélie", "Géraldine", "Stéphane", "Valérie", "Cédric", "Mélanie",
        "Thomas", "Jan", "Koen", "Bart", "Els", "An", "Griet", "Hanne", "Ruben", "Arne", "Febe", "Lien", "Nele", "Tine",
        "Dries", "Jef", "Seppe", "Mathéo", "Léa", "Noé", "Eliën", "Yasmine", "Mohamed", "Fatima", "Ayşe", "Mehmet",
        "Kwame", "Aminata", "Olivier", "Nathalie", "Isabelle", "Dominique", "Christophe", "Geneviève", "Loïc", "Maïté",
        "Björn", "Sören", "Jürgen", "Ilse", "Veerle", "Katrien", "Wouter", "Hendrik", "Jozef", "Mariëtte", "Daphné",
        "Astrid", "Bram", "Charlotte", "Dorien", "Elke", "Filip", "Gilles", "Hannelore", "Ine", "Joris", "Karel", "Laure",
        "Margaux", "Nicolas", "Océane", "Philippe", "Quentin", "Rémi", "Sarah", "Tom", "Ursula", "Victor", "Wim", "Xavier",
        "Yves", "Zineb", "Agnès", "Bérénice", "Clémence", "Désirée", "Eugénie", "Ferdinand", "Hervé", "Irène", "Josée",
    ];

    // Most Belgian surnames are a particle and a place or trade: combining them gives a realistic spread.
    private static readonly string[] DutchParticles = ["Van ", "Van de ", "Van den ", "Van der ", "De ", "Vanden", "Vander", "Ver", "D'", ""];

    private static readonly string[] DutchStems =
    [
        "Broeck", "Velde", "Berghe", "Meulen", "Dijck", "Acker", "Hove", "Steen", "Bossche", "Wijngaert", "Poel", "Haute",
        "Kerckhove", "Straeten", "Eynde", "Linden", "Putte", "Roye", "Cauter", "Mol", "Maele", "Bruaene", "Vreckem",
        "Heule", "Goethem", "Loocke", "Hecke", "Walle", "Damme", "Ryssel", "Heede", "Voorde", "Waele", "Craene", "Backer",
        "Clercq", "Coster", "Mey", "Wolf", "Witte", "Greef", "Bock", "Keyser", "Roover", "Schepper", "Brabander",
    ];

    private static readonly string[] FrenchParticles = ["De la ", "Du ", "Le ", "Delle ", "Dela", ""];

    private static readonly string[] FrenchStems =
    [
        "Fontaine", "Rivière", "Chapelle", "Montagne", "Haye", "Croix", "Motte", "Court", "Fosse", "Pierre", "Vallée",
        "Bruyère", "Château", "Forêt", "Prée", "Noüe", "Rochette", "Sablière", "Tournelle", "Grève",
    ];

    private static readonly string[] LastNames =
    [
        "Dupré", "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters", "De Smet",
        "Lefèvre", "Dubois", "Lambert", "Van den Broeck", "Vandenberghe", "Lemaître", "Hermans", "Coppens", "Verbruggen",
        "Leclercq", "Gérard", "Renard", "Fontaine", "Bauwens", "Desmedt", "Van Damme", "Ngoma", "El Amrani", "Özdemir",
        "De Vos", "Dumont", "Martin", "Simon", "Laurent", "Michel", "Leroy", "Lejeune", "Delcourt", "François", "Noël",
        "Stévenart", "Bélanger", "Hébert", "Ménard", "Thiébaut", "Mathieu", "Denis", "Dewulf", "Declercq", "Vermeulen",
        "Van de Velde", "Vanderlinden", "Segers", "Smets", "Pauwels", "Aerts", "D'Hondt", "Van Acker", "Verhaegen",
        "De Backer", "De Meyer", "Claeys", "Cornelis", "Hendrickx", "Van Hoof", "Geerts", "Baert", "Vandamme", "Lenaerts",
        "Wauters", "Engelen", "Michiels", "Jansen", "Roels", "Deprez", "Moreau", "Delvaux", "Piérard", "Lhoëst", "Genêt",
        "Bensaïd", "Benali", "Kaya", "Yılmaz", "Kowalski", "Nowak", "Rossi", "Esposito", "Fernández", "García", "Mukendi",
        "Kabila", "Nguyen", "Lê", "Schröder", "Müller", "Brändli", "Lindström", "Ó Briain", "Van Cauwenberghe",
    ];

    private static readonly string[] Cities =
    [
        "Gent", "Antwerpen", "Brussel", "Bruxelles", "Liège", "Namur", "Leuven", "Brugge", "Mons", "Hasselt", "Kortrijk",
        "Roeselare", "Arlon", "Charleroi", "Mechelen", "Aalst", "Sint-Niklaas", "Ottignies-Louvain-la-Neuve", "Wavre",
        "Tournai", "Verviers", "Genk", "Oostende", "Ieper", "Waregem", "Eupen", "Sankt Vith", "Huy", "Dinant", "Spa",
    ];

    private static readonly (Profession Profession, int Share, string[] Qualifications)[] Mix =
    [
        (Profession.Physician, 40, ["004", "003", "000", "580", "690", "010", "470"]),
        (Profession.NurseOrMidwife, 25, ["401", "402", "404"]),
        (Profession.Pharmacist, 12, ["401"]),
        (Profession.Dentist, 9, ["001", "005"]),
        (Profession.Physiotherapist, 11, ["001", "002"]),
        (Profession.HospitalPharmacist, 3, ["401"]),
    ];

    /// <summary>Sequence numbers run over five digits per profession digit.</summary>
    public const int MaxCount = 600_000;

    public static IReadOnlyList<Provider> All(int count, int seed = 2024)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCount);
        var random = new Random(seed);
        var hospitalCount = Math.Min(Math.Max(count / 1000, Math.Min(count, 5)), 99_999);
        var hospitals = new List<Provider>();
        for (var h = 0; h < hospitalCount; h++)
        {
            var city = Cities[h % Cities.Length];
            hospitals.Add(new Provider(Number(Profession.Hospital, h, "000"), "", $"{HospitalPrefix(h)} {city} {h + 1}", Profession.Hospital, "000", city, []));
        }

        var providers = new List<Provider>(count);
        providers.AddRange(hospitals);
        var next = new Dictionary<Profession, int>();
        while (providers.Count < count)
        {
            var (profession, qualifications) = Pick(random.Next(100));
            var sequence = next.GetValueOrDefault(profession);
            if (sequence > 99_999)
            {
                // This profession's numbers are used up (only for very large lists): let another have the slot.
                continue;
            }
            next[profession] = sequence + 1;
            var nihdi = Number(profession, sequence, qualifications[random.Next(qualifications.Length)]);
            var last = random.Next(12) == 0 ? $"{LastName(random)}-{LastName(random)}" : LastName(random);
            var first = random.Next(15) == 0
                ? $"{FirstNames[random.Next(FirstNames.Length)]}-{FirstNames[random.Next(FirstNames.Length)]}"
                : FirstNames[random.Next(FirstNames.Length)];
            IReadOnlyList<ProviderId> works = profession is Profession.Physician or Profession.NurseOrMidwife or Profession.HospitalPharmacist
                && hospitals.Count > 0 && random.Next(3) == 0
                ? [.. Enumerable.Range(0, 1 + random.Next(2)).Select(_ => hospitals[random.Next(hospitals.Count)].Nihdi.Identity).Distinct()]
                : [];
            providers.Add(new Provider(nihdi, first, last, profession, nihdi.Qualification, Cities[random.Next(Cities.Length)], works));
        }
        return providers;
    }

    /// <summary>The directory as an import file.</summary>
    public static string Csv(int count, int seed = 2024) => ProviderCsvWriter.ToCsv(All(count, seed));

    private static Nihdi Number(Profession profession, int sequence, string qualification)
    {
        var first6 = ((int)profession * 100_000) + sequence;
        var check = sequence % 4 == 3 ? ProviderId.CheckDigitsMod89(first6) : ProviderId.CheckDigitsMod97(first6);
        return Nihdi.Parse($"{first6:D6}{check:D2}{qualification}");
    }

    private static string LastName(Random random) => random.Next(6) switch
    {
        0 or 1 => LastNames[random.Next(LastNames.Length)],
        2 => FrenchParticles[random.Next(FrenchParticles.Length)] + FrenchStems[random.Next(FrenchStems.Length)],
        _ => DutchParticles[random.Next(DutchParticles.Length)] + DutchStems[random.Next(DutchStems.Length)],
    };

    private static string HospitalPrefix(int h) => (h % 4) switch { 0 => "AZ", 1 => "CHU", 2 => "UZ", _ => "Clinique Saint-Jean" };

    private static (Profession, string[]) Pick(int slot)
    {
        foreach (var (profession, share, qualifications) in Mix)
        {
            if (slot < share)
            {
                return (profession, qualifications);
            }
            slot -= share;
        }
        return (Mix[0].Profession, Mix[0].Qualifications);
    }
}
