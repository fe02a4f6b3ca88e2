using System.Collections.Concurrent;
using System.Text.Json;
using Consent.IntegrationTests.Infrastructure;
using Consent.IntegrationTests.Messaging;
using RabbitMQ.Client;

namespace Consent.IntegrationTests.Faults;

/// <summary>A bus command the broker confirmed; a poison one can never succeed and must be dead-lettered.</summary>
public sealed record SentCommand(string MessageId, string Patient, bool Poison);

/// <summary>
/// A hospital system (broker user his-az-delta, acting as its desk) publishing GiveConsent commands,
/// each for a patient of its own so that "applied once" is exactly one event with the message id as
/// correlation id, whatever order redeliveries come in. One in eight names another hospital's desk as
/// actor: forbidden, so it must end in the dead letters with a reason. Every publish waits for the
/// broker's confirm; one that fails (broker away) is sent again with the same message_id, which the
/// service must apply once.
/// </summary>
public sealed class BusLoad(FaultVhost vhost)
{
    private readonly CancellationTokenSource stop = new();
    private readonly CancellationTokenSource giveUp = new();
    private readonly string replyQueue = $"{"his." + FaultVhost.Hospital}.fault-{Guid.NewGuid():N}";
    private IConnection? connection;
    private IChannel? channel;
    private Task running = Task.CompletedTask;
    private int attempts;

    public ConcurrentQueue<SentCommand> Sent { get; } = new();

    public string ReplyQueue => replyQueue;

    /// <summary>Publishes tried, repeats after a failed confirm included.</summary>
    public int Attempts => attempts;

    /// <summary>A command whose confirm never came before the publisher gave up: applied once or not at all.</summary>
    public SentCommand? Unconfirmed { get; private set; }

    public async Task StartAsync()
    {
        await ChannelAsync();
        running = Task.Run(RunAsync);
    }

    /// <summary>Waits until at least <paramref name="count"/> commands are confirmed (progress, not time).</summary>
    public async Task WaitForSentAsync(int count, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (Sent.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Only {Sent.Count} of {count} bus commands confirmed within {within.TotalSeconds:0}s.");
            await Task.Delay(50);
        }
    }

    public async Task StopAsync(TimeSpan patience)
    {
        await stop.CancelAsync();
        giveUp.CancelAfter(patience);
        await running;
        await CloseAsync();
    }

    private async Task RunAsync()
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var command = new SentCommand($"fault-{Guid.NewGuid():N}", TestPatients.Next().Value, Poison: n % 8 == 7);
            var desk = command.Poison ? Demo.UzGent : Demo.AzDelta;
            var body = JsonSerializer.SerializeToUtf8Bytes(new { patient = command.Patient, actor = new { kind = "his", id = desk } });
            if (!await PublishAsync(command, body))
            {
                Unconfirmed = command;
                return;
            }
            Sent.Enqueue(command);
            await Task.Delay(15);
        }
    }

    private async Task<bool> PublishAsync(SentCommand command, byte[] body)
    {
        var properties = new BasicProperties
        {
            Persistent = true,
            ContentType = "application/json",
            Type = "GiveConsent",
            MessageId = command.MessageId,
            UserId = FaultVhost.Hospital,
            ReplyTo = replyQueue,
            CorrelationId = command.MessageId,
        };
        while (!giveUp.IsCancellationRequested)
        {
            Interlocked.Increment(ref attempts);
            try
            {
                var ch = await ChannelAsync();
                // Confirmation tracking on: returns once the broker has the message, throws if it will not.
                await ch.BasicPublishAsync("consent.commands", "command", true, properties, body);
                return true;
            }
            catch (Exception)
            {
                await CloseAsync();
                await Task.Delay(250);
            }
        }
        return false;
    }

    private async Task<IChannel> ChannelAsync()
    {
        if (channel is { IsOpen: true })
        {
            return channel;
        }
        await CloseAsync();
        connection = await vhost.ConnectAsync(FaultVhost.Hospital);
        channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        // Durable, in the hospital's own namespace: replies survive a broker restart.
        await channel.QueueDeclareAsync(replyQueue, durable: true, exclusive: false, autoDelete: false);
        return channel;
    }

    private async Task CloseAsync()
    {
        await Bus.CloseQuietlyAsync(channel, connection);
        (channel, connection) = (null, null);
    }
}
