using System.Text.Json;
using Consent.IntegrationTests.Infrastructure;
using Consent.IntegrationTests.Messaging;
using Consent.Service.Messaging;
using Consent.Service.Patients;
using YamlDotNet.Serialization;

namespace Consent.IntegrationTests.Contracts;

/// <summary>
/// src/Contracts/asyncapi.yaml is what hospital integrators build against: it names exactly the commands and
/// events the service knows, and its example messages, published to the real broker, are accepted.
/// </summary>
[Collection(MessagingCollection.Name)]
public sealed class AsyncApiContractTests(MessagingService service)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void The_document_names_every_command_and_event_type_the_service_knows_and_no_other()
    {
        var document = Document();
        var commands = ((Dictionary<object, object>)Channel(document, "commands")["messages"]).Keys.Cast<string>();
        var eventTypes = ((List<object>)((Dictionary<object, object>)((Dictionary<object, object>)Channel(document, "events")["parameters"])["eventType"])["enum"]).Cast<string>();
        var eventMessages = ((Dictionary<object, object>)Channel(document, "events")["messages"]).Keys.Cast<string>();

        Assert.Equal(CommandNames.Applicable.Order(), commands.Order());
        Assert.Equal(PatientEventTypes.All.Order(), eventTypes.Order());
        Assert.Equal(PatientEventTypes.All.Order(), eventMessages.Order());
        Assert.Equal("consent.commands", Channel(document, "commands")["address"]);
        Assert.Equal("consent.commands.dead", Channel(document, "deadLetters")["address"]);
    }

    [Fact]
    public async Task The_example_commands_of_the_document_are_accepted_by_the_service()
    {
        var examples = Examples();
        var patient = TestPatients.Next().Value;
        await using var connection = await Bus.ConnectAsync("his-az-delta");
        await using var channel = await connection.ConfirmedChannelAsync();
        var replyQueue = await channel.ReplyQueueAsync("his-az-delta");
        await using var replies = new QueueReader(replyQueue, connection);

        var sent = 0;
        foreach (var name in new[] { "GiveConsent", "AddTherapeuticRelation", "RevokeConsent" })
        {
            await channel.SendAsync("his-az-delta", name, Bus.NewMessageId(), ForPatient(examples[name], patient), replyQueue);
            sent++;
            var answers = await Bus.EventuallyAsync(replies.ReadAsync, all => all.Count >= sent, Timeout, $"the reply to the {name} example");
            Assert.Equal("accepted", answers[^1].Json.Str("status"));
        }

        var relations = await (await service.Auditor().GetAsync($"/v1/patients/{patient}/relations")).Json();
        var end = ForPatient(examples["EndTherapeuticRelation"], patient);
        end["relationId"] = relations[0].Str("id");
        await channel.SendAsync("his-az-delta", "EndTherapeuticRelation", Bus.NewMessageId(), end, replyQueue);
        var last = await Bus.EventuallyAsync(replies.ReadAsync, all => all.Count >= sent + 1, Timeout, "the reply to the EndTherapeuticRelation example");
        Assert.Equal("accepted", last[^1].Json.Str("status"));

        await using var source = await Bus.ConnectAsync("authentic-source");
        await using var sourceChannel = await source.ConfirmedChannelAsync();
        var sourceReplies = await sourceChannel.ReplyQueueAsync("authentic-source");
        await using var sourceReader = new QueueReader(sourceReplies, source);
        await sourceChannel.SendAsync("authentic-source", "RecordDeath", Bus.NewMessageId(), ForPatient(examples["RecordDeath"], patient), sourceReplies);
        var death = await Bus.EventuallyAsync(sourceReader.ReadAsync, all => all.Count >= 1, Timeout, "the reply to the RecordDeath example");
        Assert.Equal("accepted", death[0].Json.Str("status"));

        var history = await (await service.Auditor().GetAsync($"/v1/patients/{patient}/history")).Json();
        Assert.Equal(["consent-given", "therapeutic-relation-added", "consent-revoked", "therapeutic-relation-ended", "patient-deceased"],
            history.GetProperty("events").EnumerateArray().Select(e => e.Str("type")));
    }

    private static Dictionary<string, object> ForPatient(Dictionary<string, object> example, string patient) =>
        new(example) { ["patient"] = patient };

    // The first example payload of each command message, as JSON-ready dictionaries.
    private static Dictionary<string, Dictionary<string, object>> Examples()
    {
        var messages = (Dictionary<object, object>)((Dictionary<object, object>)Document()["components"])["messages"];
        return CommandNames.Applicable.ToDictionary(name => name, name =>
        {
            var example = (Dictionary<object, object>)((List<object>)((Dictionary<object, object>)messages[name])["examples"])[0];
            var json = JsonSerializer.Serialize(example["payload"]);
            return JsonSerializer.Deserialize<Dictionary<string, object>>(json)!;
        });
    }

    private static Dictionary<object, object> Channel(Dictionary<object, object> document, string name) =>
        (Dictionary<object, object>)((Dictionary<object, object>)document["channels"])[name];

    private static Dictionary<object, object> Document()
    {
        var path = Path.Combine(TestEnvironment.RepositoryRoot(), "src", "Contracts", "asyncapi.yaml");
        return new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(File.ReadAllText(path));
    }
}
