using Consent.Service.EventStore;
using Npgsql;

namespace Consent.IntegrationTests.EventStore;

/// <summary>The global log reader must never skip an event whose transaction commits late.</summary>
public sealed class GlobalLogTests(StoreDatabase db) : IClassFixture<StoreDatabase>
{
    [Fact]
    public async Task A_late_commit_is_delivered_exactly_once()
    {
        var log = new GlobalLog(db.DataSource);
        var checkpoint = await ReadToEndAsync(log, Checkpoint.Start, []);
        var delivered = new List<StoredEvent>();

        // The slow writer takes its position first and commits last.
        var slowStream = StoreEvents.NewStream();
        await using var slowConnection = await db.DataSource.OpenConnectionAsync();
        await using var slow = await slowConnection.BeginTransactionAsync();
        var slowAppend = await db.Store.AppendAsync(slowStream, 0, DateTimeOffset.UtcNow, [StoreEvents.Numbered(0)], transaction: slow);

        var fastStreams = Enumerable.Range(1, 5).Select(_ => StoreEvents.NewStream()).ToArray();
        foreach (var (stream, n) in fastStreams.Select((s, i) => (s, i + 1)))
        {
            var fast = await db.Store.AppendAsync(stream, 0, DateTimeOffset.UtcNow, [StoreEvents.Numbered(n)]);
            Assert.True(fast.FirstPosition > slowAppend.FirstPosition);
        }
        checkpoint = await ReadToEndAsync(log, checkpoint, delivered);

        await slow.CommitAsync();
        // Transaction ids are the cluster's: a transaction of another test, in any database, holds the
        // horizon back for a moment. Read on until ours are in (or time is up), then once more for duplicates.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            checkpoint = await ReadToEndAsync(log, checkpoint, delivered);
            if (delivered.Count(e => e.StreamId == slowStream || fastStreams.Contains(e.StreamId)) >= 6 || DateTime.UtcNow > deadline)
            {
                break;
            }
            await Task.Delay(50);
        }
        await ReadToEndAsync(log, checkpoint, delivered);

        var ours = delivered.Where(e => e.StreamId == slowStream || fastStreams.Contains(e.StreamId)).ToList();
        Assert.Equal(6, ours.Count);
        Assert.Equal(6, ours.Select(e => e.EventId).Distinct().Count());
        Assert.Contains(ours, e => e.StreamId == slowStream);
    }

    [Fact]
    public async Task Pages_follow_transaction_order_when_transaction_ids_gain_a_digit()
    {
        // Transaction ids 9 and 10 sort the other way round as text: a page ordered by the text form
        // of the id moves the checkpoint past 9 and never delivers it (the relay lost thousands of
        // events that way once the cluster's ids passed 9999 during a broker outage).
        var source = StoreEvents.NewStream();
        await db.Store.AppendAsync(source, 0, DateTimeOffset.UtcNow, [StoreEvents.Numbered(1), StoreEvents.Numbered(2)]);
        var copy = StoreEvents.NewStream();
        await using (var insert = db.DataSource.CreateBatch())
        {
            insert.BatchCommands.Add(new NpgsqlBatchCommand("insert into streams (stream_id, version, last_recorded_at) values ($1, 2, now())")
            {
                Parameters = { new NpgsqlParameter<string> { TypedValue = copy } },
            });
            insert.BatchCommands.Add(new NpgsqlBatchCommand(
                """
                insert into events (event_id, stream_id, version, type, data, metadata, recorded_at, hash, tx_id)
                select gen_random_uuid(), $2, version, type, data, metadata, recorded_at, hash, (8 + version)::text::xid8
                from events where stream_id = $1
                """)
            {
                Parameters = { new NpgsqlParameter<string> { TypedValue = source }, new NpgsqlParameter<string> { TypedValue = copy } },
            });
            await insert.ExecuteNonQueryAsync();
        }

        var log = new GlobalLog(db.DataSource);
        var read = new List<GlobalEvent>();
        for (var from = Checkpoint.Start; await log.ReadAfterAsync(from, 1) is [var next];)
        {
            read.Add(next);
            from = next.Checkpoint;
        }

        Assert.Equal([9UL, 10UL], read.Where(e => e.Event.StreamId == copy).Select(e => e.TxId));
        var checkpoints = read.Select(e => e.Checkpoint).ToList();
        Assert.Equal(checkpoints.OrderBy(c => c.TxId).ThenBy(c => c.Position), checkpoints);
    }

    [Fact]
    public async Task A_saved_checkpoint_is_read_back_and_a_new_reader_starts_at_the_beginning()
    {
        var name = $"test-{Guid.NewGuid():N}";
        await using var connection = await db.DataSource.OpenConnectionAsync();
        Assert.Equal(Checkpoint.Start, await Checkpoints.LoadAsync(connection, name));

        await Checkpoints.SaveAsync(connection, name, new Checkpoint(42, 7));
        await Checkpoints.SaveAsync(connection, name, new Checkpoint(43, 9));

        Assert.Equal(new Checkpoint(43, 9), await Checkpoints.LoadAsync(connection, name));
    }

    private static async Task<Checkpoint> ReadToEndAsync(GlobalLog log, Checkpoint from, List<StoredEvent> into)
    {
        while (true)
        {
            var batch = await log.ReadAfterAsync(from, 100);
            if (batch.Count == 0)
            {
                return from;
            }
            into.AddRange(batch.Select(b => b.Event));
            from = batch[^1].Checkpoint;
        }
    }
}
