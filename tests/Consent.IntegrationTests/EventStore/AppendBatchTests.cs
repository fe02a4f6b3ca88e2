using System.Text.Json;
using Consent.Service.Auditing;
using Consent.Service.EventStore;
using Consent.Service.Patients.Api;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Consent.IntegrationTests.EventStore;

/// <summary>
/// Appends committed together (group commit) on a real PostgreSQL: every append is still checked alone, and one
/// append's stale version, used key or refused content never fails another's.
/// </summary>
public sealed class AppendBatchTests(StoreDatabase db) : IClassFixture<StoreDatabase>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private AppendBatcher NewBatcher() => new(db.DataSource, db.Store, NullLogger<AppendBatcher>.Instance);

    private static PreparedAppend Append(string stream, long expected, IdempotencyRow? remember = null, params NewEvent[] events) =>
        PreparedAppend.Of(stream, expected, Now, events.Length > 0 ? events : [StoreEvents.Numbered((int)expected + 1)],
            new InlineView("test", JsonSerializer.SerializeToElement(new { at = expected + events.Length })), remember);

    private static IdempotencyRow Answer(string key) => new("test:batch", key, "hash", 201, """{"Location":"/x"}""", """{"ok":true}""");

    /// <summary>Queues the appends before the batcher runs, so that its first batch holds them all.</summary>
    private async Task<Task<AppendResult>[]> InOneBatchAsync(params PreparedAppend[] appends)
    {
        var batcher = NewBatcher();
        var tasks = appends.Select(batcher.AppendAsync).ToArray();
        await batcher.StartAsync(CancellationToken.None);
        await Task.WhenAll(tasks.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).WaitAsync(TimeSpan.FromSeconds(30));
        await batcher.StopAsync(CancellationToken.None);
        return tasks;
    }

    private async Task<List<long>> TransactionsOfAsync(params string[] streams)
    {
        await using var command = db.DataSource.CreateCommand("select distinct tx_id::text from events where stream_id = any($1)");
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = streams });
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) { ids.Add(long.Parse(reader.GetString(0), System.Globalization.CultureInfo.InvariantCulture)); }
        return ids;
    }

    [Fact]
    public async Task Appends_queued_together_commit_in_one_transaction_and_each_is_checked_alone()
    {
        var (fresh, moving, stale, answered, keyed) = (StoreEvents.NewStream(), StoreEvents.NewStream(), StoreEvents.NewStream(), StoreEvents.NewStream(), StoreEvents.NewStream());
        await db.Store.AppendAsync(moving, 0, Now, [StoreEvents.Numbered(1)]);
        await db.Store.AppendAsync(stale, 0, Now, [StoreEvents.Numbered(1), StoreEvents.Numbered(2)]);
        var usedKey = $"used-{Guid.NewGuid():N}";
        await db.Store.RememberAsync(Answer(usedKey), CancellationToken.None);
        var newKey = $"new-{Guid.NewGuid():N}";

        var results = await InOneBatchAsync(
            Append(fresh, 0, null, StoreEvents.Numbered(1), StoreEvents.Numbered(2), StoreEvents.Numbered(3)),
            Append(moving, 1),
            Append(stale, 1),
            Append(answered, 0, Answer(usedKey)),
            Append(keyed, 0, Answer(newKey)));

        Assert.Equal(3, (await results[0]).NewVersion);
        Assert.Equal(2, (await results[1]).NewVersion);
        await Assert.ThrowsAsync<VersionConflictException>(() => results[2]);
        await Assert.ThrowsAsync<IdempotencyKeyUsedException>(() => results[3]);
        var withKey = await results[4];
        Assert.Equal(1, withKey.NewVersion);

        // The three appended streams came in one commit; the refused ones wrote nothing.
        Assert.Single(await TransactionsOfAsync(fresh, keyed));
        Assert.Equal([1, 2, 3], (await db.Store.ReadStreamAsync(fresh)).Select(e => e.Data.GetProperty("n").GetInt32()));
        Assert.Equal(2, (await db.Store.ReadStreamAsync(stale)).Count);
        Assert.Empty(await db.Store.ReadStreamAsync(answered));
        // The key's answer was stored by the batch, with the position its append got.
        var stored = await new IdempotencyStore(db.DataSource).FindAsync("test:batch", newKey, CancellationToken.None);
        Assert.Equal(withKey.LastPosition.ToString(System.Globalization.CultureInfo.InvariantCulture), stored!.Headers[IdempotencyRow.PositionHeader]);
        // Each stream's hash chain, computed by the batch, verifies; so does its inline view's version and position.
        foreach (var stream in new[] { fresh, moving, keyed })
        {
            Assert.True((await new StreamVerifier(db.DataSource).CheckAsync(stream)).Verified);
        }
        await using var view = db.DataSource.CreateCommand("select version, position from inline_views where stream_id = $1");
        view.Parameters.Add(new NpgsqlParameter<string> { TypedValue = fresh });
        await using var reader = await view.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((3L, (await results[0]).LastPosition), (reader.GetInt64(0), reader.GetInt64(1)));
    }

    [Fact]
    public async Task A_batch_the_database_refuses_as_a_whole_is_appended_one_by_one_and_only_the_bad_append_fails()
    {
        var (good, bad, alsoGood) = (StoreEvents.NewStream(), StoreEvents.NewStream(), StoreEvents.NewStream());
        // PostgreSQL's jsonb refuses the NUL character (22P05): the whole statement rolls back.
        var unstorable = new NewEvent(Guid.NewGuid(), "test-happened", JsonSerializer.SerializeToElement(new { text = "\0" }), StoreEvents.Metadata);

        var results = await InOneBatchAsync(Append(good, 0), Append(bad, 0, null, unstorable), Append(alsoGood, 0));

        Assert.Equal(1, (await results[0]).NewVersion);
        Assert.Equal(1, (await results[2]).NewVersion);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => results[1]);
        Assert.Equal("22P05", refused.SqlState);
        Assert.Empty(await db.Store.ReadStreamAsync(bad));
        // Tried alone, the good ones committed each in their own transaction.
        Assert.Equal(2, (await TransactionsOfAsync(good, alsoGood)).Count);
    }

    [Fact]
    public async Task A_second_append_to_a_stream_already_in_the_batch_goes_in_the_next_one()
    {
        var stream = StoreEvents.NewStream();

        var results = await InOneBatchAsync(Append(stream, 0), Append(stream, 1), Append(stream, 1));

        Assert.Equal(1, (await results[0]).NewVersion);
        Assert.Equal(2, (await results[1]).NewVersion);
        // The third expected the version the second moved on from.
        await Assert.ThrowsAsync<VersionConflictException>(() => results[2]);
        Assert.Equal(2, (await db.Store.ReadStreamAsync(stream)).Count);
        Assert.True((await new StreamVerifier(db.DataSource).CheckAsync(stream)).Verified);
    }

    [Fact]
    public async Task After_the_batcher_stopped_an_append_is_refused_as_unavailable_and_writes_nothing()
    {
        var batcher = NewBatcher();
        await batcher.StartAsync(CancellationToken.None);
        await batcher.StopAsync(CancellationToken.None);
        var stream = StoreEvents.NewStream();

        // Bounded: an append queued with nobody left to take it would wait for ever.
        var refused = await Assert.ThrowsAsync<RefusedException>(() => batcher.AppendAsync(Append(stream, 0)).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal("unavailable", refused.Error.Code);
        Assert.Empty(await db.Store.ReadStreamAsync(stream));
    }
}
