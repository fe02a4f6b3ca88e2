using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Consent.IntegrationTests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace Consent.IntegrationTests.Faults;

/// <summary>
/// Fault 6: the access log is locked (access exclusive, in a transaction of its own) for some seconds
/// while decisions flow. Each decision is answered 200 or 503 unavailable within a bound, never left
/// hanging; memory stays bounded; decisions are logged again once the lock is gone.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class SlowDatabaseTests(ITestOutputHelper output)
{
    private const int Clients = 32;
    private static readonly TimeSpan LockHeld = TimeSpan.FromSeconds(8);
    // Far above the service's own bound on a log write, far below "hanging".
    private static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Decisions_during_a_locked_access_log_are_answered_within_a_bound_and_logging_recovers()
    {
        await using var rig = await FaultRig.CreateAsync("slow-db");
        var service = rig.Service("a");
        await service.StartAsync();
        var token = await FaultRig.HisTokenAsync(service);
        using var client = new HttpClient { BaseAddress = service.BaseAddress, Timeout = AnswerBound };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var patients = new List<string>();
        for (var i = 0; i < Clients; i++)
        {
            var patient = TestPatients.Next().Value;
            (await client.PutJson($"/v1/patients/{patient}/consent")).EnsureSuccessStatusCode();
            (await client.PostJson($"/v1/patients/{patient}/relations", new { provider = Demo.Gp, type = "hospitalisation" })).EnsureSuccessStatusCode();
            patients.Add(patient);
        }

        var sent = new ConcurrentDictionary<string, int>();
        var answered = new ConcurrentDictionary<string, int>();
        var statuses = new ConcurrentDictionary<string, int>();
        var slowest = new ConcurrentBag<double>();
        var (ok, phase) = (0, "before");
        using var stop = new CancellationTokenSource();
        var clients = patients.Select(patient => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                sent.AddOrUpdate(patient, 1, (_, n) => n + 1);
                var started = Stopwatch.GetTimestamp();
                string outcome;
                try
                {
                    var response = await client.PostJson("/v1/access-decisions", new { patient, provider = Demo.Gp });
                    outcome = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        answered.AddOrUpdate(patient, 1, (_, n) => n + 1);
                        Interlocked.Increment(ref ok);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    outcome = "no answer within the bound";
                }
                statuses.AddOrUpdate($"{phase} {outcome}", 1, (_, n) => n + 1);
                slowest.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })).ToList();

        await WaitForAsync(() => ok >= 500, "500 decisions before the lock");
        var rssBefore = service.ResidentBytes();
        var rssPeak = rssBefore;
        phase = "locked";
        var okBeforeLock = ok;
        await using (var locker = await rig.Database.OpenConnectionAsync())
        await using (var transaction = await locker.BeginTransactionAsync())
        {
            await using (var lockTable = new NpgsqlCommand("lock table access_log in access exclusive mode", locker, transaction))
            {
                await lockTable.ExecuteNonQueryAsync();
            }
            var held = Stopwatch.StartNew();
            while (held.Elapsed < LockHeld)
            {
                rssPeak = Math.Max(rssPeak, service.ResidentBytes());
                await Task.Delay(250);
            }
            await transaction.CommitAsync();
        }
        var okDuringLock = ok - okBeforeLock;
        phase = "after";
        var okAtRelease = ok;
        await WaitForAsync(() => ok >= okAtRelease + 500, "500 decisions after the lock");
        await stop.CancelAsync();
        await Task.WhenAll(clients);
        var rssAfter = service.ResidentBytes();

        var logged = await FaultChecks.LoggedAsync(rig.Database);
        var summary = string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"));
        Assert.DoesNotContain(statuses.Keys, k => k.EndsWith("no answer within the bound", StringComparison.Ordinal));
        Assert.All(statuses.Keys, k => Assert.True(k.EndsWith(" 200", StringComparison.Ordinal) || k.EndsWith(" 503", StringComparison.Ordinal), summary));
        foreach (var patient in patients)
        {
            Assert.InRange(logged.GetValueOrDefault(patient), answered.GetValueOrDefault(patient), sent[patient]);
        }
        // Generous: what must not happen is growth with the length of the outage.
        Assert.True(rssPeak < rssBefore + (512L << 20), $"resident memory grew from {rssBefore >> 20} MB to {rssPeak >> 20} MB");
        FaultReport.Print(output, $"6 access log locked {LockHeld.TotalSeconds:0} s: decisions sent={sent.Values.Sum()} answered={answered.Values.Sum()} " +
            $"logged={patients.Sum(p => logged.GetValueOrDefault(p))} | {summary} | answered 200 while locked={okDuringLock} | " +
            $"slowest answer={slowest.Max():0} ms | RSS before={rssBefore >> 20} MB peak={rssPeak >> 20} MB after={rssAfter >> 20} MB");
    }

    private static async Task WaitForAsync(Func<bool> done, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"no {what} within 60s");
            await Task.Delay(50);
        }
    }
}
