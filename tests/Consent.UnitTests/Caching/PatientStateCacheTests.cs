using Consent.Service.Caching;
using Consent.Service.Patients;

namespace Consent.UnitTests.Caching;

public sealed class PatientStateCacheTests
{
    private static PatientSnapshot At(long position) => new(PatientState.Initial, 1, position, null);

    [Fact]
    public void A_full_cache_drops_a_tenth_of_its_patients_and_keeps_the_rest()
    {
        var cache = new PatientStateCache(capacity: 100);
        cache.Listening(true);
        for (var i = 0; i < 100; i++)
        {
            cache.Offer($"patient-{i}", At(i + 1), cache.Epoch);
        }

        cache.Offer("patient-new", At(1000), cache.Epoch);

        var kept = Enumerable.Range(0, 100).Count(i => cache.TryGet($"patient-{i}", out _));
        Assert.Equal(90, kept);
        Assert.False(cache.TryGet("patient-new", out _));
    }

    [Fact]
    public void A_state_read_before_the_cache_made_room_is_not_kept()
    {
        var cache = new PatientStateCache(capacity: 10);
        cache.Listening(true);
        var readBefore = cache.Epoch;
        for (var i = 0; i < 11; i++)
        {
            cache.Offer($"patient-{i}", At(i + 1), cache.Epoch);
        }

        // Read before room was made: the entry dropped may have been newer than this state.
        cache.Offer("patient-late", At(5), readBefore);

        Assert.False(cache.TryGet("patient-late", out _));
    }
}
