using Consent.Contracts.Identifiers;

namespace Consent.UnitTests.Patients;

/// <summary>A fixed instant, fixed ids, the providers the patient tests meet, and the default durations.</summary>
internal static class TestData
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    public static readonly RelationDurations Durations = new();

    public const string PatientInss = "85073003328";
    public static readonly ConsentAge DefaultConsentAge = new();

    /// <summary>The patient every decider test decides for: an adult, so the minors' consent rule stays out of the way.</summary>
    public static readonly Inss Patient = Inss.Parse(PatientInss);
    public static readonly Nihdi Gp = Nihdi.Parse("12345625004");
    public static readonly Nihdi GpRequalified = Nihdi.Parse("12345625003");
    public static readonly Nihdi OtherPhysician = Nihdi.Parse("10000106004");
    public static readonly Nihdi Pharmacist = Nihdi.Parse("60000141000");
    public static readonly Nihdi HospitalPharmacist = Nihdi.Parse("20000113000");
    public static readonly Nihdi Nurse = Nihdi.Parse("40000127000");
    public static readonly Nihdi Dentist = Nihdi.Parse("30000120000");
    public static readonly Nihdi Laboratory = Nihdi.Parse("80000155000");
    public static readonly Nihdi Hospital = Nihdi.Parse("70000148000");
    public static readonly Nihdi OtherHospital = Nihdi.Parse("70000247000");

    /// <summary>A fixed id, the n-th of a test: ids are chosen by the caller of Decide, never by the rules.</summary>
    public static Guid Id(int n) => Guid.Parse($"0195a0c4-6d1e-7000-8000-{n:D12}");

    /// <summary>A provider as the directory knows it, with the hospitals it works at.</summary>
    public static ProviderFacts Facts(Nihdi provider, params Nihdi[] worksAt) =>
        new(provider, [.. worksAt.Select(h => h.Identity)]);

    /// <summary>Registering a relation, decided at <paramref name="at"/> (default <see cref="Now"/>), with a fixed new id.</summary>
    public static AddTherapeuticRelation AddRelation(
        Acting by, ProviderFacts provider, RelationType type, DateTimeOffset? start = null, DateTimeOffset? end = null,
        ProofType? proof = null, DateTimeOffset? at = null, Guid? id = null) =>
        new(by, at ?? Now, provider, type, start, end, proof, id ?? Id(999));
}

/// <summary>Who acts: the roles of domain.md, as the decider sees them.</summary>
internal static class As
{
    public static Acting Patient => new(new ActorRef(ActorKinds.Patient, TestData.PatientInss), ActorKinds.Patient);

    public static Acting Representative =>
        new(new ActorRef(ActorKinds.Representative, "17073003384", TestData.PatientInss), ActorKinds.Representative);

    public static Acting Provider(Nihdi provider) =>
        new(new ActorRef(ActorKinds.Provider, provider.Value), ActorKinds.Provider, Provider: provider.Identity);

    public static Acting His(Nihdi hospital) =>
        new(new ActorRef(ActorKinds.His, $"his-{hospital.Value}"), ActorKinds.His, Institution: hospital.Identity);

    /// <summary>A hospital system naming one of its staff as the one acting (the bus's actor).</summary>
    public static Acting HisStaff(Nihdi hospital, Nihdi staff) =>
        new(new ActorRef(ActorKinds.Provider, staff.Value), ActorKinds.His, staff.Identity, hospital.Identity);

    public static Acting AuthenticSource => new(new ActorRef(ActorKinds.AuthenticSource, "rijksregister"), ActorKinds.AuthenticSource);

    /// <summary>Roles by name, for theories: patient, representative, his, authentic-source, or a provider's profession.</summary>
    public static Acting Role(string role) => role switch
    {
        ActorKinds.Patient => Patient,
        ActorKinds.Representative => Representative,
        ActorKinds.His => His(TestData.Hospital),
        ActorKinds.AuthenticSource => AuthenticSource,
        "physician" => Provider(TestData.Gp),
        "pharmacist" => Provider(TestData.Pharmacist),
        "hospital-pharmacist" => Provider(TestData.HospitalPharmacist),
        "nurse" => Provider(TestData.Nurse),
        "dentist" => Provider(TestData.Dentist),
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown role in a test."),
    };
}
