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
    private sealed class OnVhost(string rabbitUri) : ServiceFactory
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
}
