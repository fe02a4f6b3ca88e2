using Consent.IntegrationTests.Infrastructure;
using Consent.IntegrationTests.Providers;

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
}
