using Xunit.Abstractions;

namespace Consent.IntegrationTests.Faults;

/// <summary>Fault 1: the service is killed with SIGKILL in the middle of REST writes and bus commands, then started again.</summary>
[Collection(FaultCollection.Name)]
public sealed class ServiceKillTests(ITestOutputHelper output)
{
    [Fact]
    public async Task After_a_kill_9_of_the_service_nothing_acknowledged_is_lost_or_doubled()
    {
        await using var rig = await FaultRig.CreateAsync("service-kill");
        await using var events = await VhostQueue.BindToEventsAsync(rig.Vhost);
        var service = rig.Service("a");
        await service.StartAsync();
        await rig.Vhost.WaitForConsumersAsync(1, TimeSpan.FromSeconds(30));
        var rest = new RestLoad([service.BaseAddress], await FaultRig.HisTokenAsync(service), clients: 32);
        var bus = new BusLoad(rig.Vhost);

        rest.Start();
        await bus.StartAsync();
        await rest.WaitForAckedAsync(300, TimeSpan.FromSeconds(60));
        var ackedBeforeKill = rest.Acked.Count;
        await service.KillAsync();
        await service.StartAsync();
        await rest.WaitForAckedAsync(ackedBeforeKill + 300, TimeSpan.FromSeconds(60));
        await rest.StopAsync(TimeSpan.FromSeconds(30));
        await bus.StopAsync(TimeSpan.FromSeconds(30));

        var figures = await FaultChecks.VerifyAsync(rig, rest, bus, events);
        FaultReport.Print(output, figures.Line("1 service kill -9", $"acked before the kill={ackedBeforeKill}"));
    }
}
