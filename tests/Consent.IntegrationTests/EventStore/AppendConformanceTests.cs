using Consent.Service.EventStore;
using Npgsql;

namespace Consent.IntegrationTests.EventStore;

/// <summary>What any event store must guarantee about appends (after Eventuous' and Marten's conformance suites).</summary>
public sealed class AppendConformanceTests(StoreDatabase db) : IClassFixture<StoreDatabase>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task Appended_events_read_back_in_order_with_data_and_metadata()
    {
        var stream = StoreEvents.NewStream();
        var first = await db.Store.AppendAsync(stream, 0, Now, [StoreEvents.Numbered(1), StoreEvents.Numbered(2)]);
        var second = await db.Store.AppendAsync(stream, 2, Now.AddSeconds(1), [StoreEvents.Numbered(3)]);

        var events = await db.Store.ReadStreamAsync(stream);

        Assert.Equal(2, first.NewVersion);
        Assert.Equal(3, second.NewVersion);
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Version));
        Assert.Equal([1, 2, 3], events.Select(e => e.Data.GetProperty("n").GetInt32()));
        Assert.All(events, e => Assert.Equal(StoreEvents.Metadata, e.Metadata));
        Assert.Equal("test-happened", events[0].Type);
        Assert.True(events[0].Position < events[1].Position && events[1].Position < events[2].Position);
        Assert.Equal(second.LastPosition, events[2].Position);
    }

    [Fact]
    public async Task Reading_up_to_a_version_or_an_instant_stops_there()
    {
        var stream = StoreEvents.NewStream();
        await db.Store.AppendAsync(stream, 0, Now.AddMinutes(-10), [StoreEvents.Numbered(1)]);
        await db.Store.AppendAsync(stream, 1, Now.AddMinutes(-5), [StoreEvents.Numbered(2)]);
        await db.Store.AppendAsync(stream, 2, Now, [StoreEvents.Numbered(3)]);

        Assert.Equal(2, (await db.Store.ReadStreamAsync(stream, upToVersion: 2)).Count);
        Assert.Single(await db.Store.ReadStreamAsync(stream, recordedUpTo: Now.AddMinutes(-7)));
        Assert.Empty(await db.Store.ReadStreamAsync(stream, recordedUpTo: Now.AddMinutes(-11)));
    }

    [Fact]
    public async Task A_stale_expected_version_fails_and_writes_nothing()
    {
        var stream = StoreEvents.NewStream();
        await db.Store.AppendAsync(stream, 0, Now, [StoreEvents.Numbered(1)]);

        var conflict = await Assert.ThrowsAsync<VersionConflictException>(() =>
            db.Store.AppendAsync(stream, 0, Now, [StoreEvents.Numbered(2), StoreEvents.Numbered(3)]));
        await Assert.ThrowsAsync<VersionConflictException>(() => db.Store.AppendAsync(stream, 5, Now, [StoreEvents.Numbered(4)]));

        Assert.Equal(stream, conflict.StreamId);
        var events = await db.Store.ReadStreamAsync(stream);
        Assert.Equal([1], events.Select(e => e.Data.GetProperty("n").GetInt32()));
    }

    [Fact]
    public async Task An_inline_view_is_written_in_the_append_transaction_and_not_by_a_failed_one()
    {
        var stream = StoreEvents.NewStream();
        var view = new InlineView("test", System.Text.Json.JsonSerializer.SerializeToElement(new { total = 1 }));
        var appended = await db.Store.AppendAsync(stream, 0, Now, [StoreEvents.Numbered(1)], view);
        await Assert.ThrowsAsync<VersionConflictException>(() => db.Store.AppendAsync(stream, 0, Now, [StoreEvents.Numbered(2)],
            view with { State = System.Text.Json.JsonSerializer.SerializeToElement(new { total = 99 }) }));

        await using var command = db.DataSource.CreateCommand("select version, position, state->>'total' from inline_views where stream_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = stream });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(1, reader.GetInt64(0));
        Assert.Equal(appended.LastPosition, reader.GetInt64(1));
        Assert.Equal("1", reader.GetString(2));
    }

    [Fact]
    public async Task Fifty_parallel_appenders_to_one_stream_lose_nothing_and_leave_versions_contiguous()
    {
        var stream = StoreEvents.NewStream();
        var conflicts = 0;

        await Task.WhenAll(Enumerable.Range(1, 50).Select(n => Task.Run(async () =>
        {
            while (true)
            {
                var version = (await db.Store.ReadStreamAsync(stream)).Count;
                try
                {
                    await db.Store.AppendAsync(stream, version, Now, [StoreEvents.Numbered(n)]);
                    return;
                }
                catch (VersionConflictException)
                {
                    Interlocked.Increment(ref conflicts);
                }
            }
        })));

        var events = await db.Store.ReadStreamAsync(stream);
        Assert.Equal(Enumerable.Range(1, 50).Select(v => (long)v), events.Select(e => e.Version));
        Assert.Equal(Enumerable.Range(1, 50), events.Select(e => e.Data.GetProperty("n").GetInt32()).Order());
        // The race above may or may not collide (conflicts: how often it did); a collision is made here for certain:
        // two writers that read the same version, the second refused and nothing of it written.
        var stale = events.Count;
        await db.Store.AppendAsync(stream, stale, Now, [StoreEvents.Numbered(51)]);
        await Assert.ThrowsAsync<VersionConflictException>(() => db.Store.AppendAsync(stream, stale, Now, [StoreEvents.Numbered(52)]));
        Assert.Equal(51, (await db.Store.ReadStreamAsync(stream)).Count);
    }

    [Fact]
    public async Task Fifty_parallel_appenders_to_fifty_streams_all_succeed()
    {
        var streams = Enumerable.Range(0, 50).Select(_ => StoreEvents.NewStream()).ToArray();

        var results = await Task.WhenAll(streams.Select(s => Task.Run(() => db.Store.AppendAsync(s, 0, Now, [StoreEvents.Numbered(1), StoreEvents.Numbered(2)]))));

        Assert.All(results, r => Assert.Equal(2, r.NewVersion));
        foreach (var stream in streams)
        {
            Assert.Equal(2, (await db.Store.ReadStreamAsync(stream)).Count);
        }
        Assert.Equal(100, results.SelectMany(r => new[] { r.FirstPosition, r.LastPosition }).Distinct().Count());
    }
}
