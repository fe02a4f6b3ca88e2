using Consent.Contracts.Identifiers;
using Consent.Service.Caching;
using Consent.Service.Providers;

namespace Consent.UnitTests.Caching;

public sealed class ProviderRecordsTests
{
    private static Provider Physician(int first6, string lastName = "Peeters") =>
        new(Nihdi.Parse($"{first6:D6}{ProviderId.CheckDigitsMod97(first6):D2}003"), "An", lastName, Profession.Physician, "003", "Gent", []);

    private static ProviderRecords Live(int capacity = 100)
    {
        var records = new ProviderRecords(capacity);
        records.Listening(true);
        return records;
    }

    [Fact]
    public void A_record_offered_while_directory_writes_are_heard_is_served()
    {
        var records = Live();
        var provider = Physician(100_001);

        records.Offer(provider, records.Epoch);

        Assert.True(records.TryGet(provider.Nihdi.Identity, out var served));
        Assert.Same(provider, served);
        Assert.False(records.TryGet(Physician(100_002).Nihdi.Identity, out _));
    }

    [Fact]
    public void Nothing_is_kept_or_served_before_directory_writes_are_heard()
    {
        var records = new ProviderRecords();
        var provider = Physician(100_003);

        records.Offer(provider, records.Epoch);

        Assert.False(records.TryGet(provider.Nihdi.Identity, out _));
        Assert.Equal(0, records.Count);
    }

    [Fact]
    public void A_directory_write_drops_every_record()
    {
        var records = Live();
        var (first, second) = (Physician(100_004), Physician(100_005));
        records.Offer(first, records.Epoch);
        records.Offer(second, records.Epoch);

        records.Invalidate();

        Assert.False(records.TryGet(first.Nihdi.Identity, out _));
        Assert.False(records.TryGet(second.Nihdi.Identity, out _));
    }

    [Fact]
    public void A_record_read_before_a_directory_write_is_not_kept()
    {
        var records = Live();
        var readBefore = records.Epoch;
        records.Invalidate();

        records.Offer(Physician(100_006, "Before"), readBefore);

        Assert.False(records.TryGet(Physician(100_006).Nihdi.Identity, out _));
    }

    [Fact]
    public void Losing_the_notifications_drops_the_records_and_stops_serving_until_they_are_back()
    {
        var records = Live();
        var provider = Physician(100_007);
        records.Offer(provider, records.Epoch);

        records.Listening(false);
        Assert.False(records.TryGet(provider.Nihdi.Identity, out _));
        records.Offer(provider, records.Epoch);
        Assert.False(records.TryGet(provider.Nihdi.Identity, out _));

        records.Listening(true);
        Assert.False(records.TryGet(provider.Nihdi.Identity, out _));
        records.Offer(provider, records.Epoch);
        Assert.True(records.TryGet(provider.Nihdi.Identity, out _));
    }

    [Fact]
    public void A_full_memory_keeps_what_it_holds_and_reads_the_others_each_time()
    {
        var records = Live(capacity: 3);
        var providers = Enumerable.Range(100_010, 4).Select(i => Physician(i)).ToList();

        foreach (var provider in providers)
        {
            records.Offer(provider, records.Epoch);
        }

        Assert.Equal(3, records.Count);
        Assert.All(providers.Take(3), p => Assert.True(records.TryGet(p.Nihdi.Identity, out _)));
        Assert.False(records.TryGet(providers[3].Nihdi.Identity, out _));
    }
}
