namespace Consent.Service.Messaging;

/// <summary>Registers the RabbitMQ parts: inbound command consumer and outbound event relay.</summary>
public static class MessagingSetup
{
    public static WebApplicationBuilder AddConsentMessaging(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(RabbitMqOptions.Section);
        var settings = section.Get<RabbitMqOptions>() ?? new RabbitMqOptions();
        if (!settings.Enabled)
        {
            return builder;
        }
        if (string.IsNullOrWhiteSpace(settings.Uri) || !Uri.TryCreate(settings.Uri, UriKind.Absolute, out _))
        {
            throw new InvalidOperationException("RabbitMq:Uri is required (an amqp:// URI), or set RabbitMq:Enabled to false.");
        }
        if (settings.Prefetch == 0 || settings.Lanes < 1 || settings.RelayBatchSize < 1 || settings.RelayPollInterval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("RabbitMq:Prefetch, Lanes and RelayBatchSize must be positive, RelayPollInterval longer than zero.");
        }

        builder.Services.Configure<RabbitMqOptions>(section);
        builder.Services.AddSingleton(BusUsers.From(section.GetSection("Users")));
        builder.Services.AddSingleton(new RelaySettings(builder.Configuration.GetConnectionString("Consent")!));
        builder.Services.AddSingleton<BusConnector>();
        builder.Services.AddSingleton<ProcessedMessages>();
        builder.Services.AddSingleton<CommandTranslator>();
        builder.Services.AddSingleton<CommandProcessor>();
        builder.Services.AddSingleton<CommandDelivery>();
        // Neither waits for the broker at start-up: both connect in the background and keep trying,
        // so the service starts and is ready (a database matter) while the broker is away.
        builder.Services.AddHostedService<CommandConsumer>();
        builder.Services.AddSingleton<RelayLag>();
        builder.Services.AddHostedService<EventRelay>();
        return builder;
    }
}
