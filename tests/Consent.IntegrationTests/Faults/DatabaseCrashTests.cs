using Consent.IntegrationTests.Messaging;
using Npgsql;
using Xunit.Abstractions;

namespace Consent.IntegrationTests.Faults;

/// <summary>Fault 2: PostgreSQL's postmaster is killed with SIGKILL under load and started again (crash recovery).</summary>
[Collection(FaultCollection.Name)]
public sealed class DatabaseCrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task After_a_kill_9_of_postgres_nothing_acknowledged_is_lost_and_readiness_follows_the_database()
    {
        await using var rig = await FaultRig.CreateAsync("pg-kill");
        await using var events = await VhostQueue.BindToEventsAsync(rig.Vhost);
        var service = rig.Service("a");
        await service.StartAsync();
        await rig.Vhost.WaitForConsumersAsync(1, TimeSpan.FromSeconds(30));
        var rest = new RestLoad([service.BaseAddress], await FaultRig.HisTokenAsync(service), clients: 32);
        var bus = new BusLoad(rig.Vhost);

        rest.Start();
        await bus.StartAsync();
        await rest.WaitForAckedAsync(300, TimeSpan.FromSeconds(60));
        var ackedBeforeCrash = rest.Acked.Count;
        var pid = service.Pid;
        bool readyWhileDown;
        try
        {
            await Scripts.ServicesAsync("pg", "kill");
            readyWhileDown = await service.ReadyAsync();
        }
        finally
        {
            await Scripts.ServicesAsync("pg", "start");
        }
        // This process's pools still hold connections to the dead server.
        NpgsqlConnection.ClearAllPools();
        await service.WaitReadyAsync(TimeSpan.FromSeconds(60));
        await rest.WaitForAckedAsync(ackedBeforeCrash + 300, TimeSpan.FromSeconds(90));
        await rest.StopAsync(TimeSpan.FromSeconds(30));
        await bus.StopAsync(TimeSpan.FromSeconds(30));

        Assert.False(readyWhileDown, "/health/ready answered 200 while PostgreSQL was down");
        Assert.Equal(pid, service.Pid);
        var figures = await FaultChecks.VerifyAsync(rig, rest, bus, events);
        FaultReport.Print(output, figures.Line("2 postgres kill -9", $"acked before the crash={ackedBeforeCrash} ready while down={readyWhileDown}"));
    }
}
