using Consent.IntegrationTests.Infrastructure;

namespace Consent.IntegrationTests.Messaging;

/// <summary>The event store is the outbox: what is committed while the broker is away is published when it returns.</summary>
[Collection(MessagingCollection.Name)]
public sealed class BrokerOutageTests(MessagingService service)
{
    [Fact]
    public async Task Events_committed_while_the_broker_is_down_are_all_published_in_patient_order_when_it_returns()
    {
        await using var events = await QueueReader.BindToEventsAsync();
        var patients = Enumerable.Range(0, 3).Select(_ => TestPatients.Next()).ToList();
        var hospital = service.His(Demo.AzDelta);

        await Scripts.ServicesAsync("rabbit", "stop");
        try
        {
            foreach (var patient in patients)
            {
                Assert.True((await hospital.PutJson($"/v1/patients/{patient}/consent")).IsSuccessStatusCode);
                Assert.True((await hospital.DeleteAsync($"/v1/patients/{patient}/consent")).IsSuccessStatusCode);
                Assert.True((await hospital.PutJson($"/v1/patients/{patient}/consent")).IsSuccessStatusCode);
            }
            // Writes do not need the broker, and neither does readiness.
            Assert.True((await service.CreateClient().GetAsync("/health/ready")).IsSuccessStatusCode);
        }
        finally
        {
            await Scripts.ServicesAsync("rabbit", "start");
            await service.WaitForConsumerAsync();
        }

        var received = await Bus.EventuallyAsync(events.ReadAsync,
            all => patients.All(p => VersionsOf(all, p.Value).Distinct().Count() == 3), TimeSpan.FromSeconds(90), "all nine events after the restart");
        foreach (var patient in patients)
        {
            // At least once: a repeat is allowed, but first arrivals follow the stream.
            Assert.Equal([1L, 2L, 3L], VersionsOf(received, patient.Value).Distinct());
            var types = received.Where(m => m.Json.Str("patient") == patient.Value).DistinctBy(m => m.Properties.MessageId).Select(m => m.Json.Str("type"));
            Assert.Equal(["consent-given", "consent-revoked", "consent-given"], types);
        }
    }

    private static IEnumerable<long> VersionsOf(IEnumerable<ReceivedMessage> messages, string inss) =>
        messages.Select(m => m.Json).Where(j => j.Str("patient") == inss).Select(j => j.GetProperty("version").GetInt64());
}
