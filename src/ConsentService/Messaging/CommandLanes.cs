using System.Threading.Channels;

namespace Consent.Service.Messaging;

/// <summary>
/// A fixed number of workers, each handling its own queue of deliveries one at a time. The broker's
/// prefetch bounds how many deliveries wait here in total, so the queues need no bound of their own.
/// </summary>
public sealed class CommandLanes
{
    private readonly Channel<InboundMessage>[] lanes;
    private readonly Task[] workers;

    public CommandLanes(int count, Func<InboundMessage, CancellationToken, Task> handle, CancellationToken stoppingToken)
    {
        lanes = new Channel<InboundMessage>[Math.Max(1, count)];
        workers = new Task[lanes.Length];
        for (var i = 0; i < lanes.Length; i++)
        {
            var lane = lanes[i] = Channel.CreateUnbounded<InboundMessage>(new UnboundedChannelOptions { SingleReader = true });
            workers[i] = Task.Run(async () =>
            {
                try
                {
                    await foreach (var message in lane.Reader.ReadAllAsync(stoppingToken))
                    {
                        await handle(message, stoppingToken);
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    // Unacknowledged deliveries go back to the queue when the channel closes.
                }
            }, CancellationToken.None);
        }
    }

    public void Enqueue(InboundMessage message) => lanes[LaneKey.Of(message.Body, lanes.Length)].Writer.TryWrite(message);

    public async Task StopAsync()
    {
        foreach (var lane in lanes)
        {
            lane.Writer.TryComplete();
        }
        await Task.WhenAll(workers);
    }
}
