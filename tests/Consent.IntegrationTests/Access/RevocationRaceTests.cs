using System.Collections.Concurrent;
using System.Net;
using Consent.IntegrationTests.Infrastructure;

namespace Consent.IntegrationTests.Access;

/// <summary>A revocation acknowledged to anyone is never followed by a stale permit.</summary>
[Collection(ServiceCollection.Name)]
public sealed class RevocationRaceTests(SharedService service)
{
    private sealed record Observed(long StartedAfterRevocationAck, string Decision, long Position);

    [Fact]
    public async Task Decisions_racing_revocations_agree_with_the_event_order()
    {
        const int patients = 8;
        const int askers = 4;
        var gp = service.Provider(Demo.Gp);
        var failures = new ConcurrentBag<string>();
        var decisions = 0;

        await Task.WhenAll(Enumerable.Range(0, patients).Select(async _ =>
        {
            var patient = TestPatients.Next();
            var client = service.Patient(patient);
            await client.PutJson($"/v1/patients/{patient}/consent");
            await gp.PostJson($"/v1/patients/{patient}/relations", new { provider = Demo.Gp, type = "gmd" });
            long revocationAcked = 0; // 0 until the revocation's answer has arrived
            long revocationPosition = long.MaxValue;
            using var stop = new CancellationTokenSource();

            var asking = Enumerable.Range(0, askers).Select(async _ =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var ackedBefore = Interlocked.Read(ref revocationAcked);
                    var response = await gp.PostJson("/v1/access-decisions", new { patient = patient.Value, provider = Demo.Gp });
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    var json = await response.Json();
                    var decision = json.Str("decision");
                    var position = json.GetProperty("position").GetInt64();
                    Interlocked.Increment(ref decisions);
                    if (ackedBefore != 0 && decision == "permit")
                    {
                        failures.Add($"{patient}: permit after the revocation was acknowledged");
                    }
                    var revokedAt = Interlocked.Read(ref revocationPosition);
                    if (decision == "permit" && position >= revokedAt)
                    {
                        failures.Add($"{patient}: permit at position {position}, revoked at {revokedAt}");
                    }
                    if (decision == "deny" && position < revokedAt && ackedBefore == 0 && revokedAt != long.MaxValue)
                    {
                        failures.Add($"{patient}: deny at position {position} before the revocation at {revokedAt}");
                    }
                }
            }).ToArray();

            await Task.Delay(Random.Shared.Next(50, 150));
            var revoked = await client.DeleteAsync($"/v1/patients/{patient}/consent");
            Interlocked.Exchange(ref revocationPosition, revoked.Position());
            Interlocked.Exchange(ref revocationAcked, 1);
            await Task.Delay(150);
            await stop.CancelAsync();
            await Task.WhenAll(asking);
        }));

        Assert.Empty(failures);
        Assert.True(decisions > patients * askers, $"only {decisions} decisions were made");
    }
}
