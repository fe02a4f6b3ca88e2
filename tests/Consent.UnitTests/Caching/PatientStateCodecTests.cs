using Consent.Contracts.Identifiers;
using Consent.Service.Caching.Compact;
using Consent.Service.Patients;
using Consent.UnitTests.Patients;

namespace Consent.UnitTests.Caching;

public sealed class PatientStateCodecTests
{
    private const long Patient = 85073003328;

    private static readonly DateTimeOffset Recorded = new DateTimeOffset(2026, 11, 24, 6, 9, 30, TimeSpan.Zero).AddTicks(9_262_680);

    /// <summary>The bench's usual patient: consent given by the GP, the GP's GMD and a pharmacy, decided and folded for real.</summary>
    private static PatientSnapshot BenchLike(Nihdi gp, Nihdi pharmacist)
    {
        var gpActing = As.Provider(gp);
        var commands = new PatientCommand[]
        {
            new GiveConsent(gpActing, Recorded, ConsentType.Retrospective),
            TestData.AddRelation(gpActing, TestData.Facts(gp), RelationType.Gmd, proof: ProofType.EidReading, at: Recorded, id: Guid.CreateVersion7(Recorded)),
            TestData.AddRelation(As.Provider(pharmacist), TestData.Facts(pharmacist), RelationType.Pharmacy, proof: ProofType.EidReading, at: Recorded, id: Guid.CreateVersion7(Recorded)),
        };
        var state = PatientState.Initial;
        var events = 0;
        foreach (var command in commands)
        {
            foreach (var e in PatientDecider.Decide(TestData.Patient, command, state, TestData.Durations, TestData.DefaultConsentAge).Events)
            {
                state = PatientEvolution.Evolve(state, e, new EventContext(Recorded, command.Acting.Actor));
                events++;
            }
        }
        return new PatientSnapshot(state, events, 2_345_678, Recorded);
    }

    [Fact]
    public void The_bench_patient_takes_under_ninety_bytes_and_comes_back_exactly()
    {
        var codec = new PatientStateCodec();
        var snapshot = BenchLike(TestData.Gp, TestData.Pharmacist);

        var entry = codec.Encode(Patient, snapshot)!;

        Assert.InRange(entry.Length, 1, 90);
        Exactly.Equal(snapshot, codec.Decode(Patient, entry));
    }

    [Fact]
    public void Providers_and_their_actors_are_shared_between_patients_the_patient_is_not()
    {
        var codec = new PatientStateCodec();
        var first = codec.Decode(1, codec.Encode(1, BenchLike(TestData.Gp, TestData.Pharmacist))!);
        var second = codec.Decode(2, codec.Encode(2, BenchLike(TestData.Gp, TestData.Pharmacist))!);

        Assert.Same(first.State.ConsentChangedBy, second.State.ConsentChangedBy);
        Assert.Same(first.State.Relations[0].Provider.Value, second.State.Relations[0].Provider.Value);
        Assert.Same(first.State.Relations[1].RegisteredBy, second.State.Relations[1].RegisteredBy);
    }

    [Fact]
    public void The_patient_as_actor_is_written_as_one_byte_and_read_as_the_patient_s_number()
    {
        var codec = new PatientStateCodec();
        var self = new ActorRef(ActorKinds.Patient, "00000000042");
        var asProvider = new PatientSnapshot(PatientState.Initial with { ConsentChangedBy = new ActorRef(ActorKinds.Provider, TestData.Gp.Value) }, 1, 1, Recorded);
        var asPatient = asProvider with { State = asProvider.State with { ConsentChangedBy = self } };
        codec.Encode(42, asProvider);

        var entry = codec.Encode(42, asPatient)!;

        Assert.Equal(codec.Encode(42, asProvider)!.Length, entry.Length);
        Assert.Equal(self, codec.Decode(42, entry).State.ConsentChangedBy);
    }

    [Fact]
    public void Text_that_is_not_valid_UTF16_is_not_encoded()
    {
        var codec = new PatientStateCodec();
        var exclusion = new Exclusion(TestData.Pharmacist, "broken \ud800 text", Recorded, new ActorRef(ActorKinds.Patient, "bench"));
        var snapshot = new PatientSnapshot(PatientState.Initial with { Exclusions = [exclusion] }, 1, 1, Recorded);

        Assert.Null(codec.Encode(Patient, snapshot));
    }

    [Fact]
    public void A_tombstone_is_its_position_alone()
    {
        var tombstone = CachedEntry.Tombstone(1_234_567);

        Assert.Equal(1_234_567, CachedEntry.PositionOf(tombstone));
        Assert.False(CachedEntry.HoldsState(tombstone));
        Assert.True(CachedEntry.HoldsState(new PatientStateCodec().Encode(Patient, PatientSnapshot.Initial)!));
    }

    public static TheoryData<DateTimeOffset, DateTimeOffset, int> Instants => new()
    {
        // instant, reference, bytes written
        { Recorded, Recorded, 1 },
        { Recorded.AddMonths(15), Recorded, 2 },
        { Recorded.AddSeconds(-90), Recorded, 2 },
        { Recorded.AddTicks(-30), Recorded, 1 },
        { Recorded.AddTicks(3), Recorded, 1 },
        { Recorded.ToOffset(TimeSpan.FromHours(2)), Recorded, 3 },
        { Recorded.AddHours(-3).ToOffset(TimeSpan.FromMinutes(-570)), Recorded, 5 },
        { DateTimeOffset.MaxValue, DateTimeOffset.MinValue, 10 },
        { DateTimeOffset.MinValue.AddTicks(1), DateTimeOffset.MaxValue.ToOffset(TimeSpan.FromHours(-14)), 3 },
    };

    [Theory]
    [MemberData(nameof(Instants))]
    public void An_instant_is_written_against_its_reference_and_read_back_to_the_tick_with_its_offset(DateTimeOffset instant, DateTimeOffset reference, int bytes)
    {
        var writer = StateWriter.ForThisThread();
        writer.Instant(instant, reference);
        var written = writer.ToArray();

        var reader = new StateReader(written);
        var read = reader.Instant(reference);

        Assert.True(instant.EqualsExact(read), $"{instant:O} came back as {read:O}");
        Assert.True(reader.AtEnd);
        Assert.Equal(bytes, written.Length);
    }
}
