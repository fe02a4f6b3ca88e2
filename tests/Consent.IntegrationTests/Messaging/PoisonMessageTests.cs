using Consent.IntegrationTests.Infrastructure;

namespace Consent.IntegrationTests.Messaging;

/// <summary>A message that can never succeed is parked with its reason at once, and the consumer goes on.</summary>
[Collection(MessagingCollection.Name)]
public sealed class PoisonMessageTests(MessagingService service)
{
    [Fact]
    public async Task Poison_messages_are_dead_lettered_with_their_reason_and_the_next_command_is_applied()
    {
        await using var connection = await Bus.ConnectAsync("his-az-delta");
        await using var channel = await connection.ConfirmedChannelAsync();
        await using var deadLetters = new QueueReader(Bus.DeadLetters);
        var patient = TestPatients.Next().Value;
        var actor = new { kind = "provider", id = Demo.Gp };
        var poison = new Dictionary<string, (string Type, object Body, string Code)>
        {
            [Bus.NewMessageId()] = ("GiveConsent", "{\"patient\": \"" + patient + "\", actor: ", "invalid-request"),
            [Bus.NewMessageId()] = ("Frobnicate", new { patient, actor }, "invalid-request"),
            // A member given twice reads two ways: refused on the bus as over REST, not the last one applied.
            [Bus.NewMessageId()] = ("GiveConsent", $$"""{"patient":"{{patient}}","actor":{"kind":"provider","id":"{{Demo.Gp}}"},"type":"prospective","type":"retrospective"}""", "invalid-request"),
            [Bus.NewMessageId()] = ("GiveConsent", new { patient = "12345678901", actor }, "invalid-inss"),
            [Bus.NewMessageId()] = ("AddExclusion", new { patient, provider = Demo.Gp, actor }, "forbidden"),
            [Bus.NewMessageId()] = ("RemoveExclusion", new { patient, provider = Demo.Gp, actor }, "forbidden"),
            [Bus.NewMessageId()] = ("ExcludeProvider", new { patient, provider = Demo.Gp, actor }, "forbidden"),
            [Bus.NewMessageId()] = ("RecordDeath", new { patient, date = "2024-05-01", actor }, "forbidden"),
            [Bus.NewMessageId()] = ("AddTherapeuticRelation", new { patient, provider = Demo.Unlisted, type = "hospitalisation", proof = "eid-reading", actor }, "unknown-provider"),
        };
        foreach (var (messageId, (type, body, _)) in poison)
        {
            await channel.SendAsync("his-az-delta", type, messageId, body);
        }
        // No message_id at all: recognised in the dead letters by its correlation id.
        var anonymous = Bus.NewMessageId();
        await channel.SendAsync("his-az-delta", "GiveConsent", null, new { patient, actor }, correlationId: anonymous);
        var good = TestPatients.Next();
        await channel.SendAsync("his-az-delta", "GiveConsent", Bus.NewMessageId(), new { patient = good.Value, actor });

        var sent = System.Diagnostics.Stopwatch.StartNew();
        var parked = await Bus.EventuallyAsync(deadLetters.ReadAsync,
            all => poison.Keys.All(id => all.Any(m => m.Properties.MessageId == id)) && all.Any(m => m.Properties.CorrelationId == anonymous),
            TimeSpan.FromSeconds(30), "every poison message in consent.commands.dead");
        // At once: a message retried as if its failure were passing would take the retries' back-off and end as
        // internal-error; a refusal is parked on its first handling, with its own code.
        Assert.True(sent.Elapsed < TimeSpan.FromSeconds(10), $"the poison messages took {sent.Elapsed} to be parked");
        Assert.DoesNotContain(parked, m => m.Header("x-reason-code") == "internal-error");
        foreach (var (messageId, (type, _, code)) in poison)
        {
            var letter = parked.Single(m => m.Properties.MessageId == messageId);
            Assert.True(code == letter.Header("x-reason-code"), $"{type} ({messageId}): expected {code}, got {letter.Header("x-reason-code")}");
            Assert.False(string.IsNullOrWhiteSpace(letter.Header("x-reason")));
            Assert.Equal(type, letter.Properties.Type);
        }
        Assert.Equal("invalid-request", parked.Single(m => m.Properties.CorrelationId == anonymous).Header("x-reason-code"));

        var consent = await Bus.EventuallyAsync(
            async () => await (await service.Patient(good).GetAsync($"/v1/patients/{good}/consent")).Json(),
            c => c.Str("status") == "given", TimeSpan.FromSeconds(30), "the good command after the poison ones");
        Assert.Equal("given", consent.Str("status"));
        var untouched = await (await service.Patient(Consent.Contracts.Identifiers.Inss.Parse(patient)).GetAsync($"/v1/patients/{patient}/history")).Json();
        Assert.Equal(0, untouched.GetProperty("events").GetArrayLength());
    }
}
