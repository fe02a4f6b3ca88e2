using Consent.IntegrationTests.Infrastructure;
using Consent.Service.Hosting;
using Consent.Service.Messaging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Consent.IntegrationTests.Messaging;

/// <summary>
/// The host may stop the service's hosted services more than once (full runs saw an in-process service's
/// dispose stop it again after it was stopped): the deferred bus start stops its listener once and every
/// later stop waits for that one.
/// </summary>
public sealed class DeferredBusStartTests
{
    [Fact]
    public async Task Stopping_twice_stops_the_listener_once_and_does_not_throw()
    {
        var listener = new CountingService();
        var startup = new StartupState();
        startup.MarkSchemaReady();
        var connector = new BusConnector(Options.Create(new RabbitMqOptions { Uri = TestEnvironment.RabbitUri }), NullLogger<BusConnector>.Instance);
        var bus = new DeferredBusStart([listener], connector, startup, NullLogger<DeferredBusStart>.Instance);

        await bus.StartAsync(CancellationToken.None);
        await listener.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await bus.StopAsync(CancellationToken.None);
        await bus.StopAsync(CancellationToken.None);

        Assert.Equal(1, listener.Stops);
    }

    private sealed class CountingService : IHostedService
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Stops { get; private set; }

        public Task StartAsync(CancellationToken cancellationToken)
        {
            Started.TrySetResult();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            Stops++;
            return Task.CompletedTask;
        }
    }
}
