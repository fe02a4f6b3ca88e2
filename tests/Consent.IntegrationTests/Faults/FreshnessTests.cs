using System.Diagnostics;
using System.Net.Http.Headers;
using Consent.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Consent.IntegrationTests.Faults;

/// <summary>
/// Fault 5: a revocation acknowledged by replica A, then a decision on replica B. With A's
/// Consent-Position as minPosition, B never permits; without it, B lags by its commit-notification
/// delay, which is measured under load and printed (no assertion on a time).
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class FreshnessTests(ITestOutputHelper output)
{
    private const int Rounds = 50;
    private const int LagSamples = 20;

    [Fact]
    public async Task A_revocation_acknowledged_by_one_replica_is_never_followed_by_a_permit_on_the_other_with_its_position()
    {
        await using var rig = await FaultRig.CreateAsync("freshness");
        var (a, b) = (rig.Service("a"), rig.Service("b"));
        await a.StartAsync();
        await b.StartAsync();
        var token = await FaultRig.HisTokenAsync(a);
        using var onA = Client(a, token);
        using var onB = Client(b, token);
        var patient = TestPatients.Next().Value;
        (await onA.PutJson($"/v1/patients/{patient}/consent")).EnsureSuccessStatusCode();
        (await onA.PostJson($"/v1/patients/{patient}/relations", new { provider = Demo.Gp, type = "hospitalisation" })).EnsureSuccessStatusCode();

        // Other writers keep both the database and replica B's notification listener busy meanwhile.
        var load = new RestLoad([a.BaseAddress], token, clients: 16);
        load.Start();
        var (stalePermits, freshPermits) = (0, 0);
        for (var round = 0; round < Rounds; round++)
        {
            var revoked = await onA.DeleteAsync($"/v1/patients/{patient}/consent");
            revoked.EnsureSuccessStatusCode();
            stalePermits += await DecideAsync(onB, patient, revoked.Position()) == "permit" ? 1 : 0;
            var given = await onA.PutJson($"/v1/patients/{patient}/consent");
            given.EnsureSuccessStatusCode();
            freshPermits += await DecideAsync(onB, patient, given.Position()) == "permit" ? 1 : 0;
        }

        var lags = new List<double>();
        for (var sample = 0; sample < LagSamples; sample++)
        {
            (await onA.DeleteAsync($"/v1/patients/{patient}/consent")).EnsureSuccessStatusCode();
            lags.Add(await LagAsync(onB, patient, "deny"));
            (await onA.PutJson($"/v1/patients/{patient}/consent")).EnsureSuccessStatusCode();
            lags.Add(await LagAsync(onB, patient, "permit"));
        }
        await load.StopAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, stalePermits);
        Assert.Equal(Rounds, freshPermits);
        lags.Sort();
        FaultReport.Print(output, $"5 cross-replica freshness: {Rounds} revocations on A then decisions on B with minPosition: permits={stalePermits}, " +
            $"{Rounds} consents then decisions: permits={freshPermits} | without minPosition, B's lag under load ({load.Acked.Count} other writes): " +
            $"p50={lags[lags.Count / 2]:0.0} ms p90={lags[lags.Count * 9 / 10]:0.0} ms max={lags[^1]:0.0} ms over {lags.Count} changes");
    }

    private static HttpClient Client(ServiceProcess service, string token)
    {
        var client = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<string> DecideAsync(HttpClient client, string patient, long? minPosition)
    {
        object body = minPosition is { } position ? new { patient, provider = Demo.Gp, minPosition = position } : new { patient, provider = Demo.Gp };
        var response = await client.PostJson("/v1/access-decisions", body);
        response.EnsureSuccessStatusCode();
        return (await response.Json()).Str("decision");
    }

    // How long after A acknowledged the change B's answer (without minPosition) shows it, in milliseconds.
    private static async Task<double> LagAsync(HttpClient onB, string patient, string expected)
    {
        var started = Stopwatch.GetTimestamp();
        while (await DecideAsync(onB, patient, null) != expected)
        {
            Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(30), $"replica B never answered {expected}");
            await Task.Delay(2);
        }
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
}
