using Consent.IntegrationTests.Infrastructure;

namespace Consent.IntegrationTests.Messaging;

/// <summary>A passing failure is waited out: commands that arrive while the database is down are applied once it is back.</summary>
[Collection(MessagingCollection.Name)]
public sealed class DatabaseOutageTests(MessagingService service)
{
    [Fact]
    public async Task Commands_sent_while_the_database_is_down_are_applied_once_and_none_is_dead_lettered()
    {
        var patients = Enumerable.Range(0, 3).Select(_ => TestPatients.Next()).ToList();
        await using var connection = await Bus.ConnectAsync("his-az-delta");
        await using var channel = await connection.ConfirmedChannelAsync();
        var replyQueue = await channel.ReplyQueueAsync("his-az-delta");
        await using var replies = new QueueReader(replyQueue, connection);
        await using var deadLetters = new QueueReader(Bus.DeadLetters);
        var actor = new { kind = "provider", id = Demo.Gp };
        var sent = new List<string>();

        await Scripts.ServicesAsync("pg", "stop");
        try
        {
            foreach (var patient in patients)
            {
                var body = new { patient = patient.Value, actor };
                foreach (var type in new[] { "GiveConsent", "RevokeConsent", "GiveConsent" })
                {
                    var messageId = Bus.NewMessageId();
                    sent.Add(messageId);
                    await channel.SendAsync("his-az-delta", type, messageId, body, replyQueue, messageId);
                }
                // A redelivery-like repeat of the last one, during the outage too.
                await channel.SendAsync("his-az-delta", "GiveConsent", sent[^1], body, replyQueue, sent[^1]);
            }
            // Proof that the commands met the outage: the consumer has taken every one off the queue
            // (they wait unacknowledged, being retried), and none has been answered while the database is down.
            await Bus.EventuallyAsync(ReadyCommandsAsync, ready => ready == 0, TimeSpan.FromSeconds(60), "the consumer to take the commands during the outage");
            Assert.Empty(await replies.ReadAsync());
            Assert.False((await service.CreateClient().GetAsync("/health/ready")).IsSuccessStatusCode, "the database came back too early to prove anything");
        }
        finally
        {
            await Scripts.ServicesAsync("pg", "start");
        }

        var answers = await Bus.EventuallyAsync(replies.ReadAsync, all => all.Count >= sent.Count + patients.Count,
            TimeSpan.FromSeconds(60), "a reply to every command once the database is back");
        Assert.All(answers, a => Assert.Equal("accepted", a.Json.Str("status")));
        foreach (var patient in patients)
        {
            var history = await (await service.Patient(patient).GetAsync($"/v1/patients/{patient}/history")).Json();
            var types = history.GetProperty("events").EnumerateArray().Select(e => e.Str("type"));
            Assert.Equal(["consent-given", "consent-revoked", "consent-given"], types);
        }
        var parked = await deadLetters.ReadAsync();
        Assert.DoesNotContain(parked, m => sent.Contains(m.Properties.MessageId!));
    }

    private static async Task<uint> ReadyCommandsAsync()
    {
        await using var connection = await Bus.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        return (await channel.QueueDeclarePassiveAsync(Bus.Commands)).MessageCount;
    }
}
