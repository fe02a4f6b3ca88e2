using Consent.IntegrationTests.Infrastructure;

namespace Consent.IntegrationTests.Messaging;

/// <summary>
/// The bus tests share one service and run alone: some stop the broker or the database, and all of
/// them read the shared dead-letter queue, which no other test may touch meanwhile.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MessagingCollection : ICollectionFixture<MessagingService>
{
    public const string Name = "messaging";
}

/// <summary>
/// The service, ready as a hospital system would see it: the database answers and the service
/// listens on consent.commands (it declares the topology in the background after start-up).
/// </summary>
public sealed class MessagingService : ServiceFactory, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await WaitUntilReadyAsync();
        await WaitForConsumerAsync();
    }

    /// <summary>
    /// Waits until the service consumes consent.commands again: a test that restarts the broker calls it
    /// before it ends, so that the next test's commands never depend on the order the tests ran in.
    /// </summary>
    public Task WaitForConsumerAsync() =>
        Bus.EventuallyAsync(ConsumersAsync, count => count > 0, TimeSpan.FromSeconds(60), "a consumer on consent.commands");

    Task IAsyncLifetime.DisposeAsync()
    {
        InssCanary.AssertClean();
        return Task.CompletedTask;
    }

    private static async Task<uint> ConsumersAsync()
    {
        try
        {
            await using var connection = await Bus.ConnectAsync();
            await using var channel = await connection.CreateChannelAsync();
            return (await channel.QueueDeclarePassiveAsync(Bus.Commands)).ConsumerCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return 0; // Not declared yet.
        }
        catch (RabbitMQ.Client.Exceptions.BrokerUnreachableException)
        {
            return 0; // The broker is still starting.
        }
    }
}
