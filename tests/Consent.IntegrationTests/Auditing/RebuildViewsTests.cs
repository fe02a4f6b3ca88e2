using System.Globalization;
using Consent.IntegrationTests.Infrastructure;
using Consent.IntegrationTests.Providers;
using Consent.Service.Patients;
using Consent.Contracts.Identifiers;

namespace Consent.IntegrationTests.Auditing;

/// <summary>dotnet Consent.Service.dll rebuild-views finds views that no longer match their streams and repairs them.</summary>
public sealed class RebuildViewsTests(OwnDatabaseService db) : IClassFixture<OwnDatabaseService>
{
    [Fact]
    public async Task A_corrupted_and_a_missing_view_are_reported_and_repaired_and_a_second_run_finds_nothing()
    {
        var corrupted = await db.PatientWithFiveEventsAsync();
        var missing = await db.PatientWithFiveEventsAsync();
        var untouched = await db.PatientWithFiveEventsAsync();
        var (cleanExit, clean) = await ProviderCli.RunAsync(db.ConnectionString, "rebuild-views");
        Assert.True(cleanExit == 0, clean);

        // The view says consent is given; the stream ends with a revocation.
        await db.TamperAsync(corrupted, "update inline_views set state = jsonb_set(state, '{consent}', '\"given\"') where stream_id = $1");
        await db.TamperAsync(missing, "delete from inline_views where stream_id = $1");
        var before = await (await db.Service.Auditor().GetAsync($"/v1/patients/{corrupted}")).Json();
        Assert.Equal("given", before.GetProperty("consent").Str("status"));

        var (exit, output) = await ProviderCli.RunAsync(db.ConnectionString, "rebuild-views");

        Assert.True(exit == 1, output);
        Assert.Contains($"REPAIRED patient-{corrupted}: state differs from the replay", output, StringComparison.Ordinal);
        Assert.Contains($"REPAIRED patient-{missing}: no inline view", output, StringComparison.Ordinal);
        Assert.DoesNotContain($"patient-{untouched}", output, StringComparison.Ordinal);
        Assert.Contains(", 2 repaired", output, StringComparison.Ordinal);
        Assert.Matches(@"replayed \d+ streams, \d+ events in [\d.]+ s \(\d+ events/s\)", output);
        foreach (var patient in new[] { corrupted, missing })
        {
            var view = await (await db.Service.Auditor().GetAsync($"/v1/patients/{patient}")).Json();
            Assert.Equal("revoked", view.GetProperty("consent").Str("status"));
            Assert.Equal(5, view.GetProperty("version").GetInt64());
            Assert.Single(view.GetProperty("exclusions").EnumerateArray());
        }

        var (againExit, again) = await ProviderCli.RunAsync(db.ConnectionString, "rebuild-views");
        Assert.True(againExit == 0, again);
        Assert.Contains(", 0 repaired", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replica_that_took_the_corrupted_view_into_memory_decides_on_the_repair()
    {
        var patient = await db.PatientWithFiveEventsAsync();
        // Consent was revoked last; the edited view says it is given, and the GP's relation is there.
        await db.TamperAsync(patient, "update inline_views set state = jsonb_set(state, '{consent}', '\"given\"') where stream_id = $1");
        // Another replica on this database, whose memory starts empty.
        await using var replica = new SecondReplica(db.ConnectionString);
        await replica.WaitUntilReadyAsync();
        var gp = replica.Provider(Demo.Gp);
        var ask = new { patient = patient.Value, provider = Demo.Gp };
        Assert.Equal("permit", (await (await gp.PostJson("/v1/access-decisions", ask)).Json()).Str("decision"));

        var (exit, output) = await ProviderCli.RunAsync(db.ConnectionString, "rebuild-views");
        Assert.True(exit == 1, output);

        // The repair's notification reaches the replica within moments; its memory held the edited state at the same position.
        async Task<string> DecideAsync() => (await (await gp.PostJson("/v1/access-decisions", ask)).Json()).Str("decision");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var decision = await DecideAsync();
        while (decision == "permit" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            decision = await DecideAsync();
        }
        Assert.Equal("deny", decision);
    }

    [Fact]
    public async Task A_view_written_differently_that_reads_as_the_same_state_is_not_repaired()
    {
        var patient = await db.PatientWithFiveEventsAsync();
        // isDeceased is derived from deceasedOn: a view without it reads as the same state, as one
        // written before a property existed would.
        await db.TamperAsync(patient, "update inline_views set state = state - 'isDeceased' where stream_id = $1");

        var (exit, output) = await ProviderCli.RunAsync(db.ConnectionString, "rebuild-views");

        Assert.True(exit == 0, output);
        Assert.DoesNotContain($"patient-{patient}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cut_into_key_ranges_by_the_planner_s_statistics_the_replay_reads_every_stream_once_and_repairs_views_in_any_range()
    {
        var patients = new List<Inss>();
        for (var i = 0; i < 30; i++)
        {
            patients.Add(await db.PatientWithFiveEventsAsync());
        }
        // A histogram of events.stream_id, as autovacuum's analyze keeps for a store of any size: a small
        // statistics target leaves a few common values aside and cuts the rest between a few bounds.
        await using (var analyze = db.DataSource.CreateCommand("alter table events alter column stream_id set statistics 5; analyze events"))
        {
            await analyze.ExecuteNonQueryAsync();
        }
        var inKeyOrder = patients.OrderBy(PatientStreams.IdOf, StringComparer.Ordinal).ToList();
        var tampered = new[] { inKeyOrder[0], inKeyOrder[inKeyOrder.Count / 2], inKeyOrder[^1] };
        foreach (var patient in tampered)
        {
            await db.TamperAsync(patient, "delete from inline_views where stream_id = $1");
        }
        await using var count = db.DataSource.CreateCommand(
            "select (select count(*) from streams where stream_id like 'patient-%'), (select count(*) from events where stream_id like 'patient-%')");
        await using var counted = await count.ExecuteReaderAsync();
        await counted.ReadAsync();
        var (streams, events) = (counted.GetInt64(0), counted.GetInt64(1));

        var (exit, output) = await ProviderCli.RunAsync(db.ConnectionString, "rebuild-views");

        Assert.True(exit == 1, output);
        // The progress's total came from the statistics: an estimate, and said so.
        Assert.Contains("Replaying events: ~", output, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"replayed {streams:N0} streams, {events:N0} events in "), output, StringComparison.Ordinal);
        foreach (var patient in tampered)
        {
            Assert.Contains($"REPAIRED patient-{patient}: no inline view", output, StringComparison.Ordinal);
        }
        Assert.Equal(tampered.Length, output.Split("REPAIRED").Length - 1);
    }
}
