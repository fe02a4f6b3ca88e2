using Consent.IntegrationTests.Infrastructure;
using Consent.IntegrationTests.Providers;
using Npgsql;

namespace Consent.IntegrationTests.Auditing;

/// <summary>dotnet Consent.Service.dll verify, run as an operator runs it, before and after tampering.</summary>
public sealed class VerifyCommandTests(OwnDatabaseService db) : IClassFixture<OwnDatabaseService>
{
    [Fact]
    public async Task Verify_passes_an_intact_store_then_names_the_broken_stream_version_and_access_log_batch()
    {
        var tampered = await db.PatientWithFiveEventsAsync();
        var shortened = await db.PatientWithFiveEventsAsync();
        var orphaned = await db.PatientWithFiveEventsAsync();
        var untouched = await db.PatientWithFiveEventsAsync();
        foreach (var patient in new[] { tampered, untouched })
        {
            var decision = await db.Service.Provider(Demo.Gp).PostJson("/v1/access-decisions", new { patient = patient.Value, provider = Demo.Gp });
            Assert.Equal(System.Net.HttpStatusCode.OK, decision.StatusCode);
        }

        var (intactExit, intact) = await ProviderCli.RunAsync(db.ConnectionString, "verify");

        Assert.True(intactExit == 0, intact);
        Assert.Contains(" 0 broken", intact, StringComparison.Ordinal);
        Assert.Matches(@"access log: \d+ batches, \d+ entries, intact", intact);
        // Each lane's head is printed, to keep and compare with a later check.
        Assert.Matches(@"lane \d+: batch \d+, head [0-9a-f]{64}", intact);

        await db.TamperAsync(tampered, "update events set data = jsonb_set(data, '{relationType}', '\"gmd\"') where stream_id = $1 and version = 2");
        await db.TamperAsync(shortened, "delete from events where stream_id = $1 and version = 3");
        await db.TamperAsync(orphaned, "delete from streams where stream_id = $1");
        var (lane, batch) = await BatchOfAsync(untouched);
        await db.TamperAsync(untouched, "delete from access_log where patient = substr($1, 9)");

        var (brokenExit, broken) = await ProviderCli.RunAsync(db.ConnectionString, "verify");

        Assert.True(brokenExit == 1, broken);
        Assert.Contains($"BROKEN patient-{tampered}: first broken version 2", broken, StringComparison.Ordinal);
        Assert.DoesNotContain($"patient-{untouched}", broken, StringComparison.Ordinal);
        Assert.Contains($"BROKEN patient-{shortened}: first broken version 3", broken, StringComparison.Ordinal);
        // Events whose stream row is gone are still checked, against an empty head.
        Assert.Contains($"BROKEN patient-{orphaned}: first broken version 1", broken, StringComparison.Ordinal);
        Assert.Contains(" 3 broken", broken, StringComparison.Ordinal);
        Assert.Contains($"access log: BROKEN in lane {lane} at batch {batch}:", broken, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_without_a_database_is_a_usage_error()
    {
        var (exit, output) = await ProviderCli.RunAsync("Host=127.0.0.1;Port=1;Username=x;Password=x;Database=x;Timeout=2", "verify");
        Assert.True(exit == 2, output);
        Assert.Contains("verify failed", output, StringComparison.Ordinal);
    }

    private async Task<(int Lane, long Seq)> BatchOfAsync(Consent.Contracts.Identifiers.Inss patient)
    {
        await using var command = db.DataSource.CreateCommand(
            "select b.lane, b.seq from access_log a join access_log_batches b on b.id = a.batch where a.patient = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = patient.Value });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetInt32(0), reader.GetInt64(1));
    }
}
