using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;
using RabbitMQ.Client;

namespace Consent.Bench;

/// <summary>
/// The bus bench (bench/bus.sh): publishes N GiveConsent commands for new patients as a hospital system
/// would (type, message_id, user_id set, publisher confirms, up to 256 unconfirmed), and counts the
/// commands applied in the event store (processed_messages, written in the events' transaction) until
/// all N are there. Prints one RESULT line.
/// </summary>
internal static class BusBench
{
    private const string Actor = "12345625004"; // the demo GP, listed at AZ Delta

    public static async Task<int> RunAsync(string amqpUri, string user, string connectionString, int count)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var prefix = $"bench-{run}-";
        var factory = new ConnectionFactory { Uri = new Uri(amqpUri) };
        await using var connection = await factory.CreateConnectionAsync("consent bus bench");
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        using var inFlight = new SemaphoreSlim(256);
        await using var database = NpgsqlDataSource.Create(connectionString);
        var baseline = await AppliedAsync(database, user, prefix);

        var clock = Stopwatch.StartNew();
        // Beyond any seeded population (bench/run.sh seeds patients 0 to BENCH_PATIENTS): new patients, as the bench says.
        var offset = 10_000_000 + Random.Shared.Next(0, 2_000_000);
        var publishes = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            var patient = BenchPopulation.PatientNumber(offset + i);
            var properties = new BasicProperties
            {
                Persistent = true,
                ContentType = "application/json",
                Type = "GiveConsent",
                MessageId = prefix + i.ToString(CultureInfo.InvariantCulture),
                UserId = user,
            };
            var body = Encoding.UTF8.GetBytes($$$"""{"patient":"{{{patient.Value}}}","actor":{"kind":"provider","id":"{{{Actor}}}"}}""");
            await inFlight.WaitAsync();
            publishes.Add(PublishAsync(channel, properties, body, inFlight));
        }
        await Task.WhenAll(publishes);
        var published = clock.Elapsed;

        var applied = baseline;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        while ((applied = await AppliedAsync(database, user, prefix)) < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT commands={applied} published_s={published.TotalSeconds:0.00} applied_s={seconds:0.00} rate={applied / seconds:0}"));
        return applied == count ? 0 : 1;
    }

    private static async Task PublishAsync(IChannel channel, BasicProperties properties, byte[] body, SemaphoreSlim inFlight)
    {
        try
        {
            await channel.BasicPublishAsync("consent.commands", "command", true, properties, body);
        }
        finally
        {
            inFlight.Release();
        }
    }

    /// <summary>Waits until the queue has a consumer (the service listens): the end of start-up as a sender sees it.</summary>
    public static async Task<int> WaitForConsumerAsync(string amqpUri, string queue)
    {
        var factory = new ConnectionFactory { Uri = new Uri(amqpUri) };
        await using var connection = await factory.CreateConnectionAsync("consent bus bench (start-up)");
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                await using var channel = await connection.CreateChannelAsync();
                while (DateTime.UtcNow < deadline)
                {
                    if ((await channel.QueueDeclarePassiveAsync(queue)).ConsumerCount > 0)
                    {
                        return 0;
                    }
                    await Task.Delay(20);
                }
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                await Task.Delay(20); // Not declared yet.
            }
        }
        return 1;
    }

    private static async Task<long> AppliedAsync(NpgsqlDataSource database, string user, string prefix)
    {
        await using var command = database.CreateCommand("select count(*) from processed_messages where sender = $1 and message_id like $2");
        command.Parameters.Add(new NpgsqlParameter { Value = user });
        command.Parameters.Add(new NpgsqlParameter { Value = prefix + "%" });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
