using Xunit.Abstractions;

namespace Consent.IntegrationTests.Faults;

/// <summary>Fault 4: two replicas on one database and broker; the one relaying events is killed and the other takes over.</summary>
[Collection(FaultCollection.Name)]
public sealed class ReplicaFailoverTests(ITestOutputHelper output)
{
    [Fact]
    public async Task When_the_relay_leader_is_killed_the_other_replica_publishes_and_nothing_is_lost()
    {
        await using var rig = await FaultRig.CreateAsync("replicas");
        await using var events = await VhostQueue.BindToEventsAsync(rig.Vhost);
        var replicas = new[] { rig.Service("a"), rig.Service("b") };
        foreach (var replica in replicas)
        {
            await replica.StartAsync();
        }
        await rig.Vhost.WaitForConsumersAsync(2, TimeSpan.FromSeconds(30));
        var leader = await LeaderAsync(replicas);
        var survivor = replicas.Single(r => r != leader);
        Assert.Equal(1, await AdvisoryLocksAsync(rig));
        var rest = new RestLoad(replicas.Select(r => r.BaseAddress), await FaultRig.HisTokenAsync(survivor), clients: 32);
        var bus = new BusLoad(rig.Vhost);

        rest.Start();
        await bus.StartAsync();
        await rest.WaitForAckedAsync(300, TimeSpan.FromSeconds(60));
        var ackedBeforeKill = rest.Acked.Count;
        await leader.KillAsync();
        await rest.WaitForAckedAsync(ackedBeforeKill + 300, TimeSpan.FromSeconds(60));
        await rest.StopAsync(TimeSpan.FromSeconds(30));
        await bus.StopAsync(TimeSpan.FromSeconds(30));

        var figures = await FaultChecks.VerifyAsync(rig, rest, bus, events);
        Assert.True(survivor.SaidItRelays, "the surviving replica never took the relay over");
        Assert.Equal(1, await AdvisoryLocksAsync(rig));
        FaultReport.Print(output, figures.Line("4 relay leader kill -9 (2 replicas)", $"killed={leader.Name} acked before the kill={ackedBeforeKill}"));
    }

    /// <summary>The replica that logged it took the leadership; exactly one does, within the relay's standby period.</summary>
    public static async Task<ServiceProcess> LeaderAsync(IReadOnlyList<ServiceProcess> replicas)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!replicas.Any(r => r.SaidItRelays))
        {
            Assert.True(DateTime.UtcNow < deadline, "no replica took the relay's leadership within 30s");
            await Task.Delay(100);
        }
        return replicas.Single(r => r.SaidItRelays);
    }

    /// <summary>Advisory locks held in the fault's database: the relay's leadership is the only one.</summary>
    // The relay's leadership lock only (one bigint key: classid and objid are its two halves); the access-log
    // flushers hold advisory locks of their own, on two-int keys.
    private static async Task<int> AdvisoryLocksAsync(FaultRig rig)
    {
        await using var command = rig.Database.CreateCommand(
            """
            select count(*)::int from pg_locks
            where locktype = 'advisory' and granted and objsubid = 1 and classid = 6516590 and objid = 1936027252
              and database = (select oid from pg_database where datname = current_database())
            """);
        return (int)(await command.ExecuteScalarAsync())!;
    }
}
