using System.Collections.Concurrent;
using System.Net;
using Consent.IntegrationTests.Infrastructure;

namespace Consent.IntegrationTests.Access;

/// <summary>A revocation acknowledged to anyone is never followed by a stale permit.</summary>
[Collection(ServiceCollection.Name)]
public sealed class RevocationRaceTests(SharedService service)
{
    [Fact]
    public async Task Decisions_racing_revocations_agree_with_the_event_order()
    {
        const int patients = 8;
        const int askers = 4;
        const int decisionsAfterAck = 3; // each asker keeps asking until it has seen this many answers after the acknowledgement
        var gp = service.Provider(Demo.Gp);
        var failures = new ConcurrentBag<string>();
        var permitsBeforeRevocation = 0;
        var deniesAfterAck = 0;

        await Task.WhenAll(Enumerable.Range(0, patients).Select(async _ =>
        {
            var patient = TestPatients.Next();
            var client = service.Patient(patient);
            var consent = await client.PutJson($"/v1/patients/{patient}/consent");
            Assert.True(consent.IsSuccessStatusCode, $"consent: {(int)consent.StatusCode}");
            var relation = await gp.PostJson($"/v1/patients/{patient}/relations", new { provider = Demo.Gp, type = "gmd" });
            Assert.Equal(HttpStatusCode.Created, relation.StatusCode);

            long revocationAcked = 0; // 0 until the revocation's answer has arrived
            long revocationPosition = long.MaxValue;
            var permitsSeen = new int[askers];
            var denyPositions = new ConcurrentBag<long>();
            using var everyAskerPermitted = new SemaphoreSlim(0, askers);

            var asking = Enumerable.Range(0, askers).Select(async asker =>
            {
                var afterAck = 0;
                while (afterAck < decisionsAfterAck)
                {
                    var ackedBefore = Interlocked.Read(ref revocationAcked);
                    var response = await gp.PostJson("/v1/access-decisions", new { patient = patient.Value, provider = Demo.Gp });
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    var json = await response.Json();
                    var decision = json.Str("decision");
                    var reasons = json.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToArray();
                    var position = json.GetProperty("position").GetInt64();
                    var revokedAt = Interlocked.Read(ref revocationPosition);
                    if (ackedBefore != 0)
                    {
                        afterAck++;
                    }
                    if (decision == "permit")
                    {
                        Assert.Equal(["therapeutic-relation"], reasons);
                        if (ackedBefore != 0)
                        {
                            failures.Add($"{patient}: permit after the revocation was acknowledged");
                        }
                        if (position >= revokedAt)
                        {
                            failures.Add($"{patient}: permit at position {position}, revoked at {revokedAt}");
                        }
                        if (ackedBefore == 0)
                        {
                            Interlocked.Increment(ref permitsBeforeRevocation);
                            if (Interlocked.Increment(ref permitsSeen[asker]) == 1)
                            {
                                everyAskerPermitted.Release();
                            }
                        }
                    }
                    else
                    {
                        Assert.Equal("deny", decision);
                        Assert.Equal(["no-consent", "therapeutic-relation"], reasons);
                        if (position < revokedAt && revokedAt != long.MaxValue)
                        {
                            failures.Add($"{patient}: deny at position {position} before the revocation at {revokedAt}");
                        }
                        // A deny asked before the revocation was sent can still be answered after it committed:
                        // what matters is the position it was decided at, checked once the revocation's is known.
                        denyPositions.Add(position);
                        if (ackedBefore != 0)
                        {
                            Interlocked.Increment(ref deniesAfterAck);
                        }
                    }
                }
            }).ToArray();

            // Revoke only once every asker has been permitted: the race is then real, and without a sleep.
            for (var i = 0; i < askers; i++)
            {
                Assert.True(await everyAskerPermitted.WaitAsync(TimeSpan.FromSeconds(60)), $"{patient}: an asker was never permitted before the revocation");
            }
            var revoked = await client.DeleteAsync($"/v1/patients/{patient}/consent");
            Assert.True(revoked.IsSuccessStatusCode, $"revocation: {(int)revoked.StatusCode}");
            Interlocked.Exchange(ref revocationPosition, revoked.Position());
            Interlocked.Exchange(ref revocationAcked, 1);
            await Task.WhenAll(asking);
            foreach (var denied in denyPositions.Where(p => p < revoked.Position()))
            {
                failures.Add($"{patient}: deny at position {denied}, before the revocation at {revoked.Position()}");
            }
        }));

        Assert.Empty(failures);
        Assert.True(permitsBeforeRevocation >= patients * askers, $"only {permitsBeforeRevocation} permits before the revocations");
        Assert.Equal(patients * askers * decisionsAfterAck, deniesAfterAck);
    }
}
