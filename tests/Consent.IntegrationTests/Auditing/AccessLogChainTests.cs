using Consent.IntegrationTests.EventStore;
using Consent.Service.Access;
using Consent.Service.Auditing;
using Npgsql;

namespace Consent.IntegrationTests.Auditing;

/// <summary>
/// The access log's batch chains, written by the real batch insert (two flushers, two lanes) and
/// tampered with as a superuser would: a removed, changed or added entry, or a removed last batch,
/// is found in its lane at its batch.
/// </summary>
public sealed class AccessLogChainTests : IAsyncLifetime
{
    private readonly StoreDatabase db = new();

    public Task InitializeAsync() => db.InitializeAsync();

    public Task DisposeAsync() => db.DisposeAsync();

    [Fact]
    public async Task Two_flushers_chain_in_two_lanes_and_the_log_verifies()
    {
        await WriteTwoLanesAsync();

        var result = await new AccessLogVerifier(db.DataSource).CheckAsync();

        Assert.True(result.Verified, result.Problem);
        Assert.Equal(6, result.Batches);
        Assert.Equal(30, result.Entries);
        Assert.Equal(2L, await ScalarAsync("select count(distinct lane) from access_log_batches"));
    }

    [Fact]
    public async Task Four_flushers_under_concurrent_decisions_leave_intact_chains_holding_every_entry()
    {
        var writer = new AccessLogWriter(db.DataSource, Microsoft.Extensions.Logging.Abstractions.NullLogger<AccessLogWriter>.Instance, flushers: 4);
        await writer.StartAsync(CancellationToken.None);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(() => writer.WriteAsync(Entries($"p{i % 37}", 1 + (i % 3)), CancellationToken.None))));
        }
        finally
        {
            await writer.StopAsync(CancellationToken.None);
        }

        var result = await new AccessLogVerifier(db.DataSource).CheckAsync();

        Assert.True(result.Verified, result.Problem);
        Assert.Equal(Enumerable.Range(0, 400).Sum(i => 1 + (i % 3)), result.Entries);
        Assert.Equal(await ScalarAsync("select count(*) from access_log_batches"), result.Batches);
    }

    [Fact]
    public async Task A_flusher_that_is_gone_leaves_its_lane_to_the_next_one()
    {
        await using (var first = new AccessLogBatchInsert(db.DataSource))
        {
            await first.InsertAsync(Entries("gone", 2), CancellationToken.None);
        }
        // Pooled connections keep session locks until reused: clear the pool, as a closed backend would.
        NpgsqlConnection.ClearPool(new NpgsqlConnection(db.DataSource.ConnectionString));
        await using var next = new AccessLogBatchInsert(db.DataSource);
        await next.InsertAsync(Entries("next", 2), CancellationToken.None);

        Assert.Equal(1L, await ScalarAsync("select count(distinct lane) from access_log_batches"));
        Assert.Equal(2L, await ScalarAsync("select max(seq) from access_log_batches"));
        Assert.True((await new AccessLogVerifier(db.DataSource).CheckAsync()).Verified);
    }

    [Fact]
    public async Task An_entry_about_an_instant_before_2000_with_tenths_of_a_microsecond_verifies()
    {
        // An auditor's read of the state as of 1999: PostgreSQL counts microseconds from 2000, so before it a
        // tenth of a microsecond left in would be hashed one way and stored rounded the other.
        var asOf = new DateTimeOffset(1999, 6, 15, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);
        await using (var insert = new AccessLogBatchInsert(db.DataSource))
        {
            await insert.InsertAsync([new AccessLogEntry("p-1999", DateTimeOffset.UtcNow.AddTicks(7), asOf, "auditor:a", null, "audit",
                ["GetPatient"], null, false, "auditor", "a", 0)], CancellationToken.None);
        }

        var result = await new AccessLogVerifier(db.DataSource).CheckAsync();

        Assert.True(result.Verified, result.Problem);
    }

    [Theory]
    [InlineData("delete from access_log where id = (select min(a.id) from access_log a join access_log_batches b on b.id = a.batch where b.lane = 2 and b.seq = 2)", 2, 2L)]
    [InlineData("update access_log set decision = 'permit' where id = (select max(a.id) from access_log a join access_log_batches b on b.id = a.batch where b.lane = 1 and b.seq = 3)", 1, 3L)]
    [InlineData("insert into access_log (patient, logged_at, decided_for, provider, decision, reasons, review_required, requested_by, position, batch) select 'x', now(), now(), '12345625004', 'deny', '{}', false, 'his:x', 1, id from access_log_batches where lane = 1 and seq = 1", 1, 1L)]
    [InlineData("delete from access_log_batches where lane = 2 and seq = 3", 2, 3L)]
    [InlineData("delete from access_log_batches where lane = 1 and seq = 2", 1, 2L)]
    public async Task Tampering_is_found_in_its_lane_at_its_batch(string sql, int lane, long batch)
    {
        await WriteTwoLanesAsync();
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await new NpgsqlCommand("set session_replication_role = replica", connection).ExecuteNonQueryAsync();
        Assert.Equal(1, await new NpgsqlCommand(sql, connection).ExecuteNonQueryAsync());

        var result = await new AccessLogVerifier(db.DataSource).CheckAsync();

        Assert.False(result.Verified);
        Assert.Equal((lane, batch), (result.Lane, result.FirstBrokenBatch));
    }

    [Fact]
    public async Task The_access_log_refuses_rewrites_through_ordinary_means()
    {
        await WriteTwoLanesAsync();
        foreach (var sql in new[] { "update access_log set decision = 'permit'", "delete from access_log", "delete from access_log_batches", "delete from access_log_lanes" })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => db.DataSource.CreateCommand(sql).ExecuteNonQueryAsync());
            Assert.Equal("42501", refused.SqlState);
        }
    }

    /// <summary>Two flushers, each with its own connection and lane, three batches of five each.</summary>
    private async Task WriteTwoLanesAsync()
    {
        await using var one = new AccessLogBatchInsert(db.DataSource);
        await using var two = new AccessLogBatchInsert(db.DataSource);
        for (var i = 0; i < 3; i++)
        {
            await one.InsertAsync(Entries($"one-{i}", 5), CancellationToken.None);
            await two.InsertAsync(Entries($"two-{i}", 5), CancellationToken.None);
        }
    }

    private static List<AccessLogEntry> Entries(string patient, int count) =>
        [.. Enumerable.Range(0, count).Select(n => new AccessLogEntry(
            patient, DateTimeOffset.UtcNow.AddTicks(n * 3), DateTimeOffset.UtcNow, "12345625004", n % 2 == 0 ? "sumehr" : null, "deny",
            ["no-consent"], n == 1 ? "Emergency: \"unconscious\"" : null, n == 1, "his", "71000139000", 10 + n))];

    private async Task<long> ScalarAsync(string sql) => Convert.ToInt64(await db.DataSource.CreateCommand(sql).ExecuteScalarAsync());
}
