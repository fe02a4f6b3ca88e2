using Consent.IntegrationTests.Messaging;
using Xunit.Abstractions;

namespace Consent.IntegrationTests.Faults;

/// <summary>Fault 3: the broker is restarted, then killed with SIGKILL and started again, while events are relayed and commands consumed.</summary>
[Collection(FaultCollection.Name)]
public sealed class BrokerFaultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Across_a_broker_restart_and_a_kill_9_every_event_is_published_and_every_command_applied_or_dead_lettered()
    {
        await using var rig = await FaultRig.CreateAsync("broker");
        await using var events = await VhostQueue.BindToEventsAsync(rig.Vhost);
        var service = rig.Service("a");
        await service.StartAsync();
        await rig.Vhost.WaitForConsumersAsync(1, TimeSpan.FromSeconds(30));
        var rest = new RestLoad([service.BaseAddress], await FaultRig.HisTokenAsync(service), clients: 8);
        var bus = new BusLoad(rig.Vhost);

        rest.Start();
        await bus.StartAsync();
        foreach (var action in new[] { "stop", "kill" })
        {
            await rest.WaitForAckedAsync(rest.Acked.Count + 150, TimeSpan.FromSeconds(60));
            await bus.WaitForSentAsync(bus.Sent.Count + 30, TimeSpan.FromSeconds(60));
            try
            {
                await Scripts.ServicesAsync("rabbit", action);
                // Writes go on without the broker: the store is the outbox.
                await rest.WaitForAckedAsync(rest.Acked.Count + 100, TimeSpan.FromSeconds(60));
            }
            finally
            {
                await Scripts.ServicesAsync("rabbit", "start");
            }
            await rig.Vhost.WaitForConsumersAsync(1, TimeSpan.FromSeconds(60));
        }
        await bus.WaitForSentAsync(bus.Sent.Count + 30, TimeSpan.FromSeconds(60));
        await rest.StopAsync(TimeSpan.FromSeconds(30));
        await bus.StopAsync(TimeSpan.FromSeconds(30));

        var figures = await FaultChecks.VerifyAsync(rig, rest, bus, events);
        FaultReport.Print(output, figures.Line("3 broker restart + kill -9", $"publishes tried={bus.Attempts}"));
    }
}
