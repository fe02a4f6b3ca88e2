using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.RabbitMQ.Internal;
using Wolverine.RabbitMQ;

namespace Consent.Service.Messaging;

/// <summary>
/// Registers the bus: the inbound side on Wolverine (listener on consent.commands, BusCommandHandler,
/// error policies, topology) and the outbound event relay on RabbitMQ.Client.
/// </summary>
public static class MessagingSetup
{
    /// <summary>Attempts of an unexpected failure (a bug, not the database) before the command is parked as internal-error.</summary>
    public const int UnexpectedAttempts = 5;

    private const string UnexpectedTriesHeader = "consent-unexpected-tries";

    public static WebApplicationBuilder AddConsentMessaging(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(RabbitMqOptions.Section);
        var settings = section.Get<RabbitMqOptions>() ?? new RabbitMqOptions();
        if (!settings.Enabled)
        {
            return builder;
        }
        if (string.IsNullOrWhiteSpace(settings.Uri) || !Uri.TryCreate(settings.Uri, UriKind.Absolute, out var uri))
        {
            throw new InvalidOperationException("RabbitMq:Uri is required (an amqp:// URI), or set RabbitMq:Enabled to false.");
        }
        if (settings.Prefetch == 0 || settings.RelayBatchSize < 1 || settings.RelayPollInterval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("RabbitMq:Prefetch and RelayBatchSize must be positive, RelayPollInterval longer than zero.");
        }

        builder.Services.Configure<RabbitMqOptions>(section);
        builder.Services.AddSingleton(BusUsers.From(section.GetSection("Users")));
        builder.Services.AddSingleton(new RelaySettings(builder.Configuration.GetConnectionString("Consent")!));
        builder.Services.AddSingleton<BusConnector>();
        builder.Services.AddSingleton<ProcessedMessages>();
        builder.Services.AddSingleton<CommandTranslator>();
        builder.Services.AddSingleton<CommandProcessor>();
        builder.Services.AddSingleton<BusResponder>();
        builder.Services.AddSingleton<BusCommandHandler>();
        var beforeWolverine = builder.Services.Count;
        // Extensions by hand only: automatic discovery loads every referenced assembly at start-up to look
        // for Wolverine modules (FHIR, Roslyn, Polly ...), and this service has none to find.
        builder.Services.AddWolverine(ExtensionDiscovery.ManualOnly, opts => ConfigureWolverine(opts, uri, settings));
        DeferredBusStart.Wrap(builder.Services, beforeWolverine);
        // The relay does not wait for the broker at start-up: it connects in the background and keeps trying.
        builder.Services.AddSingleton<RelayLag>();
        builder.Services.AddHostedService<EventRelay>();
        return builder;
    }

    private static void ConfigureWolverine(WolverineOptions opts, Uri uri, RabbitMqOptions settings)
    {
        opts.ServiceName = "consent-service";
        // Only our handler: the service's other classes named *Handler are not bus handlers.
        opts.Discovery.DisableConventionalDiscovery().IncludeType<BusCommandHandler>();
        // No Wolverine message store here (WolverineFx.Postgresql does not restore): dedup and outbox are ours.
        opts.Durability.Mode = DurabilityMode.Solo;
        opts.Durability.DurabilityAgentEnabled = false;
        // Pre-generated handler code (Static): no Roslyn at start-up or at the first message, which
        // costs about 200 MB of memory and a second of CPU. GenerateHandlerCode refreshes that code.
        opts.ApplicationAssembly = typeof(BusCommandHandler).Assembly;
        if (settings.GenerateHandlerCode)
        {
            UseRuntimeCompilation(opts);
        }
        else
        {
            opts.CodeGeneration.TypeLoadMode = JasperFx.CodeGeneration.TypeLoadMode.Static;
        }

        var rabbit = opts.UseRabbitMq(factory =>
            {
                factory.Uri = uri;
                factory.ClientProvidedName = $"consent-service commands {Environment.MachineName}";
                factory.RequestedHeartbeat = TimeSpan.FromSeconds(20);
                factory.NetworkRecoveryInterval = settings.RecoveryInterval;
            })
            .UseListenerConnectionOnly()
            .DisableSystemRequestReplyQueueDeclaration()
            .DisableDeadLetterQueueing();
        BusTopology.Declare(rabbit);

        // Inline: each delivery is handled on the consumer and acknowledged only after the handler
        // returned (its events and message_id committed, or its dead letter confirmed), one at a time in
        // queue order, so one patient's commands are applied in the order received. Wolverine's
        // partitioned processing (PartitionProcessingByGroupId) runs on buffered or durable receivers
        // only, which acknowledge on receipt or after an inbox write we cannot have: see the README.
        opts.ListenToRabbitQueue(BusTopology.CommandsQueue, q => q.QueueType = QueueType.quorum)
            .UseInterop(new BusEnvelopeMapper())
            .ProcessInline()
            .PreFetchCount(settings.Prefetch)
            .DisableDeadLetterQueueing()
            .Named("consent-commands");

        // Passing failures (database or broker away) are retried in place with capped, jittered
        // back-off for as long as they last: never dead-lettered, and the queue behind waits.
        opts.OnException(IsPassing, "passing failure (database or broker away)")
            .CustomActionIndefinitely(async (runtime, lifecycle, _) =>
            {
                await Task.Delay(Backoff.Delay(Math.Max(0, lifecycle.Envelope!.Attempts - 1)), runtime.Cancellation);
                await lifecycle.RetryExecutionNowAsync();
            }, "retry with back-off until it passes");
        // Anything else is a bug: a few more tries, then the command is parked with the dead letters
        // (code internal-error; nothing is lost, it can be replayed) and the queue goes on. The tries are
        // counted on their own: Wolverine's attempt count also holds the passing failures before them.
        opts.OnException(e => !IsPassing(e), "unexpected failure (a bug)")
            .CustomActionIndefinitely(async (runtime, lifecycle, _) =>
            {
                var envelope = lifecycle.Envelope!;
                var tries = envelope.Headers.TryGetValue(UnexpectedTriesHeader, out var text) && int.TryParse(text, out var n) ? n + 1 : 1;
                envelope.Headers[UnexpectedTriesHeader] = tries.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (tries < UnexpectedAttempts)
                {
                    await Task.Delay(Backoff.Delay(tries - 1), runtime.Cancellation);
                    await lifecycle.RetryExecutionNowAsync();
                    return;
                }
                var outcome = CommandOutcome.Rejected("internal-error", "The service could not handle this command; it is kept for replay.");
                await runtime.Services.GetRequiredService<BusCommandHandler>().AnswerAsync((BusCommandEnvelope)envelope.Message!, outcome, runtime.Cancellation);
                await lifecycle.CompleteAsync();
            }, "retry a few times, then park with the dead letters as internal-error");
    }

    // A method of its own so that Roslyn's assemblies load only when the code is to be generated, not at
    // every start-up (the JIT loads what a method refers to when it compiles the method).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void UseRuntimeCompilation(WolverineOptions opts)
    {
        opts.UseRuntimeCompilation();
        opts.CodeGeneration.TypeLoadMode = JasperFx.CodeGeneration.TypeLoadMode.Auto;
    }

    /// <summary>A failure that says nothing about the message: the database, the network or the broker is away for a while.</summary>
    public static bool IsPassing(Exception e) =>
        TransientFailures.IsTransient(e) || e is OperationCanceledException || e is RabbitMQ.Client.Exceptions.RabbitMQClientException;
}
