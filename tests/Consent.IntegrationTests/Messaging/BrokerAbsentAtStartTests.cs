using System.Net;
using Consent.IntegrationTests.Faults;
using Consent.IntegrationTests.Infrastructure;

namespace Consent.IntegrationTests.Messaging;

/// <summary>
/// The broker may be away when the service starts: it still starts, is ready (readiness is about the
/// database) and takes writes over REST; it consumes commands as soon as the broker lets it in.
/// </summary>
[Collection(MessagingCollection.Name)]
public sealed class BrokerAbsentAtStartTests
{
    private sealed class OnVhost(string rabbitUri, string? database = null)
        : ServiceFactory(database ?? TestEnvironment.PostgresConnectionString)
    {
        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var settings = base.Settings;
                settings["RabbitMq:Uri"] = rabbitUri;
                settings["Demo:Seed"] = "false";
                return settings;
            }
        }
    }

    [Fact]
    public async Task The_service_starts_ready_without_its_broker_and_consumes_once_the_broker_answers()
    {
        // The broker refuses every connection to a vhost it does not have: for the service, no broker.
        await using var vhost = FaultVhost.Named("late");
        await using var service = new OnVhost(vhost.ServiceUri);
        await service.WaitUntilReadyAsync();
        var patient = TestPatients.Next();
        Assert.Equal(HttpStatusCode.OK, (await service.Patient(patient).PutJson($"/v1/patients/{patient}/consent")).StatusCode);

        await vhost.CreateOnBrokerAsync();
        await vhost.WaitForConsumersAsync(1, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task On_a_store_without_any_event_a_hospital_can_already_bind_its_queue_to_the_events()
    {
        await using var vhost = await FaultVhost.CreateAsync("empty");
        await using var service = new OnVhost(vhost.ServiceUri, await TestDatabases.CreateAsync("noevents"));
        await service.WaitUntilReadyAsync();
        await vhost.WaitForConsumersAsync(1, TimeSpan.FromSeconds(30));

        await using var hospital = await vhost.ConnectAsync(FaultVhost.Hospital);
        var queue = $"his.{FaultVhost.Hospital}.events-{Guid.NewGuid():N}";
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            // A bind to a missing exchange closes the channel: each try on a channel of its own.
            await using var channel = await hospital.CreateChannelAsync();
            try
            {
                await channel.QueueDeclareAsync(queue, durable: false, exclusive: false, autoDelete: true);
                await channel.QueueBindAsync(queue, Bus.Events, "patient.consent-given");
                break;
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }
}
