using Consent.Service.EventStore;

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
