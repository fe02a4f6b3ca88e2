using System.Text.Json;
using Consent.IntegrationTests.EventStore;
using Consent.Service.Auditing;
using Consent.Service.EventStore;
using Consent.Tests.Auditing;
using FsCheck.Fluent;
using Npgsql;

namespace Consent.IntegrationTests.Auditing;

/// <summary>
/// The half of the canonical-bytes property that needs PostgreSQL: whatever JSON an event carries and
/// however it was written, the hash the append stored is the one recomputed from the row read back.
/// </summary>
public sealed class StoredChainTests(StoreDatabase db) : IClassFixture<StoreDatabase>
{
    [Fact]
    public async Task Generated_events_stored_and_read_back_give_the_hashes_the_append_stored()
    {
        var data = JsonGenerators.Object(3).Sample(120, 10);
        Assert.Equal(120, data.Length);
        var texts = JsonGenerators.Text.Sample(120, 10);
        var streams = Enumerable.Range(0, 6).Select(_ => StoreEvents.NewStream()).ToArray();
        var versions = new long[streams.Length];
        var appendedCanonical = new Dictionary<Guid, byte[]>();
        // Odd ticks: the append must hash the instant as PostgreSQL keeps it, to the microsecond.
        var recordedAt = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);
        for (var i = 0; i < data.Length;)
        {
            var s = i % streams.Length;
            var count = 1 + (i % 3);
            var batch = new List<NewEvent>();
            for (var k = 0; k < count && i < data.Length; k++, i++)
            {
                using var json = JsonDocument.Parse(i % 2 == 0 ? data[i].Plain() : data[i].Reformatted());
                var metadata = new EventMetadata(new ActorRef(texts[i], texts[^(i + 1)], i % 4 == 0 ? texts[(i + 7) % texts.Length] : null),
                    "channel " + texts[(i + 3) % texts.Length], texts[(i + 5) % texts.Length]);
                var e = new NewEvent(Guid.NewGuid(), "generated-" + (i % 5), json.RootElement.Clone(), metadata);
                batch.Add(e);
                appendedCanonical[e.EventId] = EventCanonical.Of(e.EventId, streams[s], versions[s] + k + 1, e.Type, e.Data,
                    JsonSerializer.SerializeToElement(metadata, StoreJson.Options), recordedAt);
            }
            await db.Store.AppendAsync(streams[s], versions[s], recordedAt, batch);
            versions[s] += batch.Count;
            recordedAt = recordedAt.AddTicks(7_777_777);
        }

        foreach (var stream in streams)
        {
            var head = HashChain.Genesis.ToArray();
            await foreach (var row in new StreamRows(db.DataSource).ReadAsync(stream))
            {
                var canonical = row.Canonical();
                Assert.Equal(appendedCanonical[row.EventId], canonical);
                head = HashChain.Next(head, canonical);
                Assert.Equal(HashChain.Hex(head), HashChain.Hex(row.Hash!));
            }
            var integrity = await new StreamVerifier(db.DataSource).CheckAsync(stream);
            Assert.True(integrity.Verified);
            Assert.Equal(HashChain.Hex(head), integrity.HeadHash);
        }
    }

    [Theory]
    [InlineData("update events set data = '{}' where stream_id = $1")]
    [InlineData("delete from events where stream_id = $1")]
    [InlineData("truncate events cascade")]
    public async Task The_events_table_refuses_rewrites(string sql)
    {
        var stream = StoreEvents.NewStream();
        await db.Store.AppendAsync(stream, 0, DateTimeOffset.UtcNow, [StoreEvents.Numbered(1)]);
        await using var command = db.DataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream });

        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.Equal("42501", refused.SqlState);
        Assert.Single(await db.Store.ReadStreamAsync(stream));
    }

    [Fact]
    public async Task An_append_without_the_canonical_bytes_of_every_event_is_refused()
    {
        await using var command = db.DataSource.CreateCommand(
            "select * from append_events($1, 0, now(), array[gen_random_uuid()], array['t'], array['{}'::jsonb], array['{}'::jsonb], null, null, array[]::bytea[])");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = StoreEvents.NewStream() });
        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.Equal("22023", refused.SqlState);
    }
}
