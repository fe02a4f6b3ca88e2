using Consent.Service.Hosting;

namespace Consent.Service.Messaging;

/// <summary>
/// Starts Wolverine once the broker answers, in the background, instead of inside the host's start-up.
/// Wolverine's own start retries a missing broker for minutes and then fails the host: the service
/// would neither answer HTTP nor be ready while the broker is away, though readiness is about the
/// database and every REST route works without a broker (the store is the outbox). Here the host
/// starts at once, the relay waits for the broker on its own, and the command listener starts as soon
/// as a probe connection succeeds (Wolverine still retries by itself if the broker leaves again
/// between the probe and its start). It is the first hosted service to start, so the probe runs while the schema is
/// applied and the listener starts as soon as the schema is ready (a command handled before would find no tables),
/// not after every other hosted service.
/// </summary>
public sealed class DeferredBusStart(IReadOnlyList<IHostedService> wolverine, BusConnector connector, StartupState startup, ILogger<DeferredBusStart> logger) : IHostedService
{
    private readonly CancellationTokenSource stopping = new();
    private Task? starting;
    private readonly Lock gate = new();
    private Task? stopped;
    private int started;

    /// <summary>Moves the hosted services that AddWolverine registered behind one DeferredBusStart.</summary>
    public static void Wrap(IServiceCollection services, int firstWolverineService)
    {
        var registered = services.Skip(firstWolverineService).Where(d => d.ServiceType == typeof(IHostedService)).ToList();
        foreach (var descriptor in registered)
        {
            services.Remove(descriptor);
        }
        // Hosted services start in the order they were registered: this one goes before all of them.
        var firstHosted = services.TakeWhile(d => d.ServiceType != typeof(IHostedService)).Count();
        services.Insert(firstHosted, ServiceDescriptor.Singleton<IHostedService>(sp => new DeferredBusStart(
            [.. registered.Select(d => Resolve(sp, d))], sp.GetRequiredService<BusConnector>(), sp.GetRequiredService<StartupState>(),
            sp.GetRequiredService<ILogger<DeferredBusStart>>())));
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        starting = Task.Run(() => StartWhenBrokerAnswersAsync(stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <remarks>
    /// The host may stop its services more than once (a test host's dispose stopped it a second time after the
    /// test had stopped it, and the second stop met a disposed token source): every call after the first waits for
    /// the first.
    /// </remarks>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return stopped ??= StopOnceAsync(cancellationToken);
        }
    }

    private async Task StopOnceAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        if (starting is not null)
        {
            await starting;
        }
        for (var i = started - 1; i >= 0; i--)
        {
            await wolverine[i].StopAsync(cancellationToken);
        }
        stopping.Dispose();
    }

    private async Task StartWhenBrokerAnswersAsync(CancellationToken cancellationToken)
    {
        try
        {
            // BusConnector retries with back-off (and logs) until the broker accepts a connection.
            await using (await connector.ConnectAsync("start-up probe", cancellationToken, recover: false))
            {
            }
            await startup.WhenSchemaReady.WaitAsync(cancellationToken);
            foreach (var service in wolverine)
            {
                await service.StartAsync(cancellationToken);
                started++;
            }
            logger.LogInformation("Consuming {Queue}", BusTopology.CommandsQueue);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // Wolverine gave up (the broker went away again for minutes): REST goes on; a restart retries.
            logger.LogError(e, "The command listener could not start; the service runs without consuming {Queue}", BusTopology.CommandsQueue);
        }
    }

    private static IHostedService Resolve(IServiceProvider services, ServiceDescriptor descriptor) =>
        (IHostedService)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}
