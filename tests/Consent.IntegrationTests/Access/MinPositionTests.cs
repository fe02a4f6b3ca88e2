using System.Net;
using System.Text.Json;
using Consent.IntegrationTests.Infrastructure;
using Consent.Service.Caching;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Consent.IntegrationTests.Access;

/// <summary>
/// api.md: a decision asked with minPosition reflects at least that position, even on another replica
/// that answered about the patient before the write (its memory then holds the older state).
/// </summary>
[Collection(Infrastructure.ServiceCollection.Name)]
public sealed class MinPositionTests(SharedService service)
{
    /// <summary>A replica whose commit announcements are lost: they go to another database, where nobody listens.</summary>
    private sealed class Unannounced(string elsewhere) : SecondReplica
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton(sp => new CommitAnnouncer(
                NpgsqlDataSource.Create(elsewhere), sp.GetRequiredService<ILogger<CommitAnnouncer>>())));
        }
    }

    /// <summary>A replica whose clock runs five minutes ahead of the others': it records its writes in their future.</summary>
    private sealed class ClockAhead : SecondReplica
    {
        private sealed class Ahead : TimeProvider
        {
            public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddMinutes(5);
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new Ahead()));
        }
    }

    private static async Task<JsonElement> DecideAsync(HttpClient client, object request)
    {
        var response = await client.PostJson("/v1/access-decisions", request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Json();
    }

    private static string[] Reasons(JsonElement decision) => [.. decision.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!)];

    [Fact]
    public async Task A_replica_asked_with_the_position_of_a_write_made_elsewhere_reflects_that_write()
    {
        await using var replica = new SecondReplica();
        await replica.WaitUntilReadyAsync();
        var patient = TestPatients.Next();
        var onReplica = replica.Provider(Demo.Gp);
        var ask = new { patient = patient.Value, provider = Demo.Gp };

        // The replica learns the patient as it is now: nothing recorded.
        var before = await DecideAsync(onReplica, ask);
        Assert.Equal(["no-consent", "no-therapeutic-relation"], Reasons(before));

        Assert.Equal(HttpStatusCode.OK, (await service.Patient(patient).PutJson($"/v1/patients/{patient}/consent")).StatusCode);
        var relation = await service.Provider(Demo.Gp).PostJson($"/v1/patients/{patient}/relations", new { provider = Demo.Gp, type = "gmd" });
        Assert.Equal(HttpStatusCode.Created, relation.StatusCode);
        var written = relation.Position();

        var permitted = await DecideAsync(onReplica, new { patient = patient.Value, provider = Demo.Gp, minPosition = written });
        Assert.Equal("permit", permitted.Str("decision"));
        Assert.Equal(["therapeutic-relation"], Reasons(permitted));
        Assert.True(permitted.GetProperty("position").GetInt64() >= written);

        var revocation = await service.Patient(patient).DeleteAsync($"/v1/patients/{patient}/consent");
        Assert.Equal(HttpStatusCode.OK, revocation.StatusCode);
        var denied = await DecideAsync(onReplica, new { patient = patient.Value, provider = Demo.Gp, minPosition = revocation.Position() });
        Assert.Equal("deny", denied.Str("decision"));
        Assert.Equal(["no-consent", "therapeutic-relation"], Reasons(denied));
        Assert.True(denied.GetProperty("position").GetInt64() >= revocation.Position());
    }

    [Fact]
    public async Task A_revocation_recorded_by_a_replica_whose_clock_is_ahead_is_not_left_out_of_a_decision_about_now()
    {
        await using var ahead = new ClockAhead();
        await ahead.WaitUntilReadyAsync();
        var patient = TestPatients.Next();
        var ask = new { patient = patient.Value, provider = Demo.Gp };
        Assert.Equal(HttpStatusCode.OK, (await service.Patient(patient).PutJson($"/v1/patients/{patient}/consent")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await service.Provider(Demo.Gp).PostJson($"/v1/patients/{patient}/relations", new { provider = Demo.Gp, type = "gmd" })).StatusCode);
        Assert.Equal("permit", (await DecideAsync(service.Provider(Demo.Gp), ask)).Str("decision"));

        // Recorded five minutes in this service's future: "now" here is before it, yet it is acknowledged.
        var revocation = await ahead.Patient(patient).DeleteAsync($"/v1/patients/{patient}/consent");
        Assert.Equal(HttpStatusCode.OK, revocation.StatusCode);

        var denied = await DecideAsync(service.Provider(Demo.Gp), new { patient = patient.Value, provider = Demo.Gp, minPosition = revocation.Position() });
        Assert.Equal("deny", denied.Str("decision"));
        Assert.Equal(["no-consent", "therapeutic-relation"], Reasons(denied));
        Assert.True(denied.GetProperty("position").GetInt64() >= revocation.Position());
    }

    [Fact]
    public async Task A_relation_ended_by_a_replica_whose_clock_is_ahead_no_longer_permits_here()
    {
        await using var ahead = new ClockAhead();
        await ahead.WaitUntilReadyAsync();
        var patient = TestPatients.Next();
        var ask = new { patient = patient.Value, provider = Demo.Gp };
        Assert.Equal(HttpStatusCode.OK, (await service.Patient(patient).PutJson($"/v1/patients/{patient}/consent")).StatusCode);
        var relation = await (await service.Provider(Demo.Gp).PostJson($"/v1/patients/{patient}/relations", new { provider = Demo.Gp, type = "gmd" })).Json();
        Assert.Equal("permit", (await DecideAsync(service.Provider(Demo.Gp), ask)).Str("decision"));

        // Ended "at" the other replica's now, five minutes in this service's future.
        var ended = await ahead.Patient(patient).DeleteAsync($"/v1/patients/{patient}/relations/{relation.Str("id")}");
        Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);

        var denied = await DecideAsync(service.Provider(Demo.Gp), new { patient = patient.Value, provider = Demo.Gp, minPosition = ended.Position() });
        Assert.Equal("deny", denied.Str("decision"));
        Assert.Equal(["no-therapeutic-relation"], Reasons(denied));

        // The logged decision is reproduced as it was made.
        var log = await (await service.Auditor().GetAsync($"/v1/patients/{patient}/access-log")).Json();
        var latest = log.EnumerateArray().First(e => e.Str("decision") != "audit");
        var explained = await (await service.Auditor().GetAsync($"/v1/patients/{patient}/access-log/{latest.GetProperty("id").GetInt64()}/explanation")).Json();
        Assert.True(explained.GetProperty("same").GetBoolean(), explained.ToString());
    }

    [Fact]
    public async Task A_write_whose_announcement_was_lost_still_reaches_another_replica_without_minPosition()
    {
        await using var writer = new Unannounced(await TestDatabases.CreateAsync("elsewhere"));
        await writer.WaitUntilReadyAsync();
        await using var reader = new SecondReplica();
        await reader.WaitUntilReadyAsync();
        var patient = TestPatients.Next();
        var ask = new { patient = patient.Value, provider = Demo.Gp };
        Assert.Equal(HttpStatusCode.OK, (await writer.Patient(patient).PutJson($"/v1/patients/{patient}/consent")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await writer.Provider(Demo.Gp).PostJson($"/v1/patients/{patient}/relations", new { provider = Demo.Gp, type = "gmd" })).StatusCode);
        // The reader now holds the patient in memory with consent given.
        Assert.Equal("permit", (await DecideAsync(reader.Provider(Demo.Gp), ask)).Str("decision"));

        Assert.Equal(HttpStatusCode.OK, (await writer.Patient(patient).DeleteAsync($"/v1/patients/{patient}/consent")).StatusCode);

        // No notification comes; the reader's read of the committed log evicts the patient, within a second or so
        // alone. That read stops below the oldest transaction still running in the cluster, and the fault suite,
        // running beside this test, holds one open for 8 s (the access log locked): the bound leaves room for it.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        string decision;
        do
        {
            await Task.Delay(100);
            decision = (await DecideAsync(reader.Provider(Demo.Gp), ask)).Str("decision")!;
        }
        while (decision == "permit" && DateTime.UtcNow < deadline);
        Assert.Equal("deny", decision);
    }
}
