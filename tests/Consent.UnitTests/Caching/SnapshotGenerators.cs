using System.Collections.Immutable;
using Consent.Contracts.Identifiers;
using Consent.Service.Patients;
using Consent.UnitTests.Identifiers;
using FsCheck;
using FsCheck.Fluent;

namespace Consent.UnitTests.Caching;

/// <summary>A patient number and a snapshot of that patient, as the cache is given them.</summary>
internal sealed record CachedPatient(long Number, PatientSnapshot Snapshot)
{
    public string StreamId => $"patient-{Number:D11}";

    public override string ToString() => $"{StreamId}: {Exactly.Describe(Snapshot)}";
}

/// <summary>
/// Any snapshot a cache could be given, not only those the decider makes: every enum value (and some that
/// are none), optional fields present or not, relations ended or not, instants anywhere from
/// DateTimeOffset.MinValue to MaxValue, to the tick, with any offset, and often a whole number of days,
/// seconds or microseconds from each other as the store's are. Actors and texts include the patient's
/// own number, other numbers, empty and non-ASCII text.
/// </summary>
internal static class SnapshotGenerators
{
    private static readonly DateTimeOffset Near = new DateTimeOffset(2026, 11, 24, 6, 9, 30, TimeSpan.Zero).AddTicks(9_262_680);
    private static readonly long MaxOffsetTicks = TimeSpan.FromHours(14).Ticks;

    private static readonly Gen<long> Long =
        from high in Gen.Choose(int.MinValue, int.MaxValue)
        from low in Gen.Choose(int.MinValue, int.MaxValue)
        select ((long)high << 32) | (uint)low;

    private static readonly Gen<long> UtcTicks = Gen.Frequency(
        (3, Gen.Choose(-1_000, 1_000).Select(days => Near.UtcTicks + (days * TimeSpan.TicksPerDay))),
        (2, Gen.Choose(-10_000_000, 10_000_000).Select(seconds => Near.UtcTicks + (seconds * TimeSpan.TicksPerSecond))),
        (2, Gen.Choose(int.MinValue, int.MaxValue).Select(microseconds => Near.UtcTicks + (microseconds * 10L))),
        (2, Gen.Choose(int.MinValue, int.MaxValue).Select(ticks => Near.UtcTicks + ticks)),
        (1, Long.Select(ticks => MaxOffsetTicks + (long)((ulong)ticks % (ulong)(DateTime.MaxValue.Ticks - (2 * MaxOffsetTicks))))),
        (1, Gen.Constant(Near.UtcTicks)));

    private static readonly Gen<TimeSpan> Offsets = Gen.Frequency(
        (4, Gen.Constant(TimeSpan.Zero)),
        (1, Gen.Choose(-14 * 60, 14 * 60).Select(minutes => TimeSpan.FromMinutes(minutes))));

    public static readonly Gen<DateTimeOffset> Instants = Gen.Frequency(
        (20, from ticks in UtcTicks from offset in Offsets select new DateTimeOffset(ticks + offset.Ticks, offset)),
        (1, Gen.Elements(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, new DateTimeOffset(DateTime.MaxValue.Ticks, TimeSpan.Zero).ToOffset(TimeSpan.FromHours(-14)))));

    private static readonly Gen<Nihdi> Providers = IdentifierGenerators.Nihdi.Select(n => Nihdi.Parse(n.Digits));

    private static readonly Gen<string> AnyText =
        Gen.ArrayOf(Gen.Frequency((3, Gen.Choose(32, 126)), (1, Gen.Choose(0, 0xFFFF))).Select(c => (char)c))
            .Select(chars => new string(chars))
            .Where(text => !text.Any(char.IsSurrogate) || System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(text)) == text);

    private static Gen<string?> Texts(long patient) => Gen.Frequency(
        (2, Gen.Constant<string?>(null)),
        (2, Gen.Elements<string?>("", "bench", "Geen vertrouwen meer — à l'hôpital ✓ 😀", "00000000000", "12345678", "71000139000", $"{patient:D11}")),
        (1, Gen.Choose(0, int.MaxValue).Select(n => (string?)$"{n:D11}")),
        (3, AnyText.Select(text => (string?)text)));

    private static Gen<ActorRef> Actors(long patient) =>
        from kind in Gen.Frequency(
            (4, Gen.Elements(ActorKinds.Patient, ActorKinds.Representative, ActorKinds.Provider, ActorKinds.His, ActorKinds.AuthenticSource, "auditor")),
            (1, Texts(patient).Select(text => text ?? "")))
        from id in Gen.Frequency(
            (2, Gen.Constant($"{patient:D11}")),
            (2, Providers.Select(p => p.Value)),
            (2, Texts(patient).Select(text => text ?? "")))
        from onBehalfOf in Gen.Frequency((3, Gen.Constant<string?>(null)), (1, Gen.Constant<string?>($"{patient:D11}")), (1, Texts(patient)))
        select new ActorRef(kind, id, onBehalfOf);

    private static Gen<T> AnyOf<T>(int beyond) where T : struct, Enum =>
        Gen.Frequency((5, Gen.Elements(Enum.GetValues<T>())), (1, Gen.Choose(-beyond, beyond).Select(n => (T)Enum.ToObject(typeof(T), n))));

    private static Gen<T?> Maybe<T>(Gen<T> gen) where T : struct => Gen.Frequency((1, Gen.Constant<T?>(null)), (2, gen.Select(value => (T?)value)));

    private static Gen<T?> MaybeRef<T>(Gen<T> gen) where T : class => Gen.Frequency((1, Gen.Constant<T?>(null)), (2, gen.Select(value => (T?)value)));

    private static Gen<Relation> Relations(long patient) =>
        from id in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), 16).Select(bytes => new Guid(bytes))
        from provider in Providers
        from type in AnyOf<RelationType>(1_000)
        from start in Instants
        from end in Instants
        from proof in AnyOf<ProofType>(1_000)
        from registeredBy in Actors(patient)
        from registeredAt in Instants
        from institution in Maybe(Providers.Select(p => p.Identity))
        from endedAt in Maybe(Instants)
        from endedBy in MaybeRef(Actors(patient))
        select new Relation(id, provider, type, start, end, proof, registeredBy, registeredAt, institution, endedAt, endedBy);

    private static Gen<Exclusion> Exclusions(long patient) =>
        from provider in Providers
        from reason in Texts(patient)
        from since in Instants
        from excludedBy in Actors(patient)
        select new Exclusion(provider, reason, since, excludedBy);

    public static Gen<CachedPatient> Patients(long number) =>
        from consent in AnyOf<ConsentStatus>(1_000_000)
        from type in Maybe(AnyOf<ConsentType>(5))
        from changedAt in Maybe(Instants)
        from changedBy in MaybeRef(Actors(number))
        from deceased in Maybe(Gen.Choose(DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber).Select(DateOnly.FromDayNumber))
        from relations in Gen.Frequency((1, Gen.Constant(Array.Empty<Relation>())), (4, Gen.ArrayOf(Relations(number)).Select(r => r.Take(6).ToArray())))
        from exclusions in Gen.Frequency((2, Gen.Constant(Array.Empty<Exclusion>())), (1, Gen.ArrayOf(Exclusions(number)).Select(x => x.Take(3).ToArray())))
        from version in Gen.Frequency((4, Gen.Choose(0, 1_000).Select(v => (long)v)), (1, Long))
        from position in Gen.Frequency((4, Gen.Choose(0, int.MaxValue).Select(p => (long)p)), (1, Long.Select(p => p & long.MaxValue)))
        from last in Maybe(Instants)
        select new CachedPatient(number, new PatientSnapshot(
            new PatientState
            {
                Consent = consent,
                ConsentType = type,
                ConsentChangedAt = changedAt,
                ConsentChangedBy = changedBy,
                DeceasedOn = deceased,
                Relations = [.. relations],
                Exclusions = ImmutableList.Create(exclusions),
            },
            version, position, last));

    /// <summary>A few patients with distinct numbers (leading zeros included), sharing providers and actors.</summary>
    public static Arbitrary<CachedPatient[]> Population() =>
        (from count in Gen.Choose(1, 5)
         from numbers in Gen.ArrayOf(Gen.Frequency((1, Gen.Choose(0, 999).Select(n => (long)n)), (3, Long.Select(n => (long)((ulong)n % 100_000_000_000UL)))), count)
         from patients in Gen.CollectToArray(numbers.Distinct().Select(Patients))
         select patients).ToArbitrary();
}
