using Consent.Service.Caching;
using Consent.Service.Patients;
using Consent.UnitTests.Patients;

namespace Consent.UnitTests.Caching;

public sealed class PatientStateCacheTests
{
    private static PatientSnapshot At(long position) => new(PatientState.Initial, 1, position, null);

    // Patient stream ids as PatientStreams names them: the cache keys patients by their 11 digits.
    private static string Patient(int i) => $"patient-{i:D11}";

    private static PatientStateCache Live(int capacity = 100)
    {
        var cache = new PatientStateCache(capacity);
        cache.Listening(true);
        return cache;
    }

    [Fact]
    public void A_full_cache_drops_a_tenth_of_its_patients_and_keeps_the_rest()
    {
        var cache = Live(capacity: 100);
        for (var i = 0; i < 100; i++)
        {
            cache.Offer(Patient(i), At(i + 1), cache.Epoch);
        }

        cache.Offer(Patient(1000), At(1000), cache.Epoch);

        var kept = Enumerable.Range(0, 100).Count(i => cache.TryGet(Patient(i), out _));
        Assert.Equal(90, kept);
        Assert.Equal(90, cache.Count);
        Assert.False(cache.TryGet(Patient(1000), out _));
    }

    [Fact]
    public void A_state_read_before_the_cache_made_room_is_not_kept()
    {
        var cache = Live(capacity: 10);
        var readBefore = cache.Epoch;
        for (var i = 0; i < 11; i++)
        {
            cache.Offer(Patient(i), At(i + 1), cache.Epoch);
        }

        // Read before room was made: the entry dropped may have been newer than this state.
        cache.Offer(Patient(1001), At(5), readBefore);

        Assert.False(cache.TryGet(Patient(1001), out _));
    }

    [Fact]
    public void An_announced_commit_hides_the_older_state_and_refuses_older_offers_until_its_own_state_comes()
    {
        var cache = Live();
        cache.Offer(Patient(1), At(10), cache.Epoch);

        cache.Announced(Patient(1), 20);
        Assert.False(cache.TryGet(Patient(1), out _));
        cache.Offer(Patient(1), At(15), cache.Epoch);
        Assert.False(cache.TryGet(Patient(1), out _));

        cache.Offer(Patient(1), At(20), cache.Epoch);
        Assert.True(cache.TryGet(Patient(1), out var read));
        Assert.Equal(20, read.Position);
        // An announcement of the position held changes nothing.
        cache.Announced(Patient(1), 20);
        Assert.True(cache.TryGet(Patient(1), out _));
    }

    [Fact]
    public void A_commit_of_this_replica_writes_through_and_an_older_one_does_not_replace_it()
    {
        var cache = Live();
        var read = TestData.Now;
        var newer = new PatientSnapshot(PatientState.Initial with { Consent = ConsentStatus.Given }, 2, 30, read);

        cache.Committed(Patient(1), newer);
        cache.Committed(Patient(1), At(25));
        cache.Offer(Patient(1), At(29), cache.Epoch);

        Assert.True(cache.TryGet(Patient(1), out var held));
        Exactly.Equal(newer, held);
    }

    [Fact]
    public void A_commit_the_cache_cannot_keep_still_hides_the_older_state()
    {
        var cache = Live();
        cache.Offer(Patient(1), At(10), cache.Epoch);
        var exclusion = new Exclusion(TestData.Pharmacist, "\udc00", TestData.Now, new ActorRef(ActorKinds.Patient, "00000000001"));

        cache.Committed(Patient(1), new PatientSnapshot(PatientState.Initial with { Exclusions = [exclusion] }, 2, 11, TestData.Now));

        Assert.False(cache.TryGet(Patient(1), out _));
        cache.Offer(Patient(1), At(10), cache.Epoch);
        Assert.False(cache.TryGet(Patient(1), out _));
    }

    [Fact]
    public void A_newer_state_read_from_the_store_that_the_cache_cannot_keep_still_hides_the_older_one()
    {
        var cache = Live();
        cache.Offer(Patient(1), At(10), cache.Epoch);
        var exclusion = new Exclusion(TestData.Pharmacist, "\ud800", TestData.Now, new ActorRef(ActorKinds.Patient, "00000000001"));

        cache.Offer(Patient(1), new PatientSnapshot(PatientState.Initial with { Exclusions = [exclusion] }, 2, 11, TestData.Now), cache.Epoch);

        Assert.False(cache.TryGet(Patient(1), out _));
    }

    [Fact]
    public void A_state_read_before_a_reset_is_not_kept_and_nothing_is_served_without_notifications()
    {
        var cache = Live();
        cache.Offer(Patient(1), At(10), cache.Epoch);
        var readBefore = cache.Epoch;

        cache.Listening(false);
        Assert.False(cache.TryGet(Patient(1), out _));
        cache.Offer(Patient(2), At(10), cache.Epoch);
        Assert.False(cache.TryGet(Patient(2), out _));

        cache.Listening(true);
        cache.Offer(Patient(3), At(10), readBefore);
        Assert.False(cache.TryGet(Patient(1), out _));
        Assert.False(cache.TryGet(Patient(3), out _));
        Assert.Equal(0, cache.Count);
    }

    [Theory]
    [InlineData("patient-123")]
    [InlineData("patient-850730033280")]
    [InlineData("patient-8507300332x")]
    [InlineData("provider-85073003328")]
    [InlineData("85073003328")]
    public void A_stream_that_is_not_a_patient_number_is_never_cached(string streamId)
    {
        var cache = Live();

        cache.Offer(streamId, At(1), cache.Epoch);
        cache.Committed(streamId, At(2));
        cache.Announced(streamId, 3);

        Assert.False(cache.TryGet(streamId, out _));
        Assert.Equal(0, cache.Count);
    }
}
