using Consent.Domain;
using Consent.IntegrationTests.EventStore;
using Consent.Service.Access;
using Consent.Service.Auditing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Consent.IntegrationTests.Auditing;

/// <summary>
/// A stopping access-log writer answers every decision still waiting for it: an entry it can no longer log is
/// refused `unavailable` (the decision is not given), never left waiting, and an entry it took is logged.
/// </summary>
public sealed class AccessLogWriterStopTests(StoreDatabase db) : IClassFixture<StoreDatabase>
{
    private static AccessLogEntry Entry(string patient) => new(
        patient, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, "12345625004", "sumehr", "deny", ["no-consent"], null, false, "his", "71000139000", 1);

    [Fact]
    public async Task An_entry_after_the_stop_is_refused_unavailable_and_one_before_it_is_logged()
    {
        var writer = new AccessLogWriter(db.DataSource, NullLogger<AccessLogWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        var patient = $"stop-{Guid.NewGuid():N}";
        await writer.WriteAsync([Entry(patient)], CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        await writer.StopAsync(CancellationToken.None);
        var refused = await Assert.ThrowsAsync<RefusedException>(() => writer.WriteAsync([Entry(patient)], CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal("unavailable", refused.Error.Code);
        await using var count = db.DataSource.CreateCommand("select count(*) from access_log where patient = $1");
        count.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = patient });
        Assert.Equal(1L, Convert.ToInt64(await count.ExecuteScalarAsync()));
        Assert.True((await new AccessLogVerifier(db.DataSource).CheckAsync()).Verified);
    }

    [Fact]
    public async Task A_writer_stopped_before_its_loop_ran_refuses_what_was_queued_instead_of_holding_it()
    {
        var writer = new AccessLogWriter(db.DataSource, NullLogger<AccessLogWriter>.Instance);
        var queued = writer.WriteAsync([Entry($"never-{Guid.NewGuid():N}")], CancellationToken.None);

        await writer.StopAsync(CancellationToken.None);

        var refused = await Assert.ThrowsAsync<RefusedException>(() => queued.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("unavailable", refused.Error.Code);
    }
}
