using Consent.Service.Caching;
using Consent.Service.Caching.Compact;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Consent.UnitTests.Caching;

/// <summary>Whatever snapshot the cache keeps, it gives back exactly, through its bytes.</summary>
public sealed class PatientStateCodecProperties
{
    [Property(MaxTest = 500)]
    public Property The_cache_gives_back_every_field_of_what_it_was_offered() =>
        Prop.ForAll(SnapshotGenerators.Population(), patients =>
        {
            var cache = new PatientStateCache();
            cache.Listening(true);
            foreach (var patient in patients)
            {
                cache.Offer(patient.StreamId, patient.Snapshot, cache.Epoch);
            }
            foreach (var patient in patients)
            {
                Assert.True(cache.TryGet(patient.StreamId, out var read), $"{patient} was not kept");
                Exactly.Equal(patient.Snapshot, read);
            }
        });

    // Tables that fill at once: every shared value is also written out in full, and still comes back.
    [Property(MaxTest = 300)]
    public Property Values_written_out_when_the_shared_tables_are_full_come_back_too() =>
        Prop.ForAll(SnapshotGenerators.Population(), Gen.Elements(0, 1, 3).ToArbitrary(), (patients, capacity) =>
        {
            var codec = new PatientStateCodec(capacity);
            var entries = patients.Select(p => codec.Encode(p.Number, p.Snapshot)).ToArray();
            for (var i = 0; i < patients.Length; i++)
            {
                Assert.NotNull(entries[i]);
                Assert.Equal(patients[i].Snapshot.Position, CachedEntry.PositionOf(entries[i]!));
                Assert.True(CachedEntry.HoldsState(entries[i]!));
                Exactly.Equal(patients[i].Snapshot, codec.Decode(patients[i].Number, entries[i]!));
            }
        });
}
