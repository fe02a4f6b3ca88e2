using System.Text.Json;
using Consent.IntegrationTests.Infrastructure;

namespace Consent.IntegrationTests.Messaging;

/// <summary>Hospital systems send commands on consent.commands and follow the events on consent.events.</summary>
[Collection(MessagingCollection.Name)]
public sealed class BusCommandTests(MessagingService service)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_command_sent_with_rabbitmqadmin_is_applied_and_its_event_published()
    {
        await using var events = await QueueReader.BindToEventsAsync();
        var patient = TestPatients.Next();
        var messageId = Bus.NewMessageId();
        var tool = await DownloadRabbitmqadminAsync();
        var management = new Uri(TestEnvironment.RabbitManagementUri);
        var body = JsonSerializer.Serialize(new { patient = patient.Value, type = "prospective", actor = new { kind = "provider", id = Demo.Gp } });
        var properties = JsonSerializer.Serialize(new
        {
            type = "GiveConsent",
            message_id = messageId,
            user_id = "his-az-delta",
            content_type = "application/json",
            delivery_mode = 2,
        });

        try
        {
            await Scripts.RunAsync("python3", tool, "-H", management.Host, "-P", management.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-u", "his-az-delta", "-p", "his-az-delta",
                "publish", "exchange=consent.commands", "routing_key=command", $"payload={body}", $"properties={properties}");
        }
        finally
        {
            File.Delete(tool);
        }

        var received = await Bus.EventuallyAsync(events.ReadAsync, all => all.Any(m => IsAbout(m, patient.Value)), Timeout, "the consent-given event");
        var message = received.Single(m => IsAbout(m, patient.Value));
        var json = message.Json;
        Assert.Equal("patient.consent-given", message.RoutingKey);
        Assert.Equal("consent-given", json.Str("type"));
        Assert.Equal(json.Str("eventId"), message.Properties.MessageId);
        Assert.Equal("application/json", message.Properties.ContentType);
        Assert.True(message.Properties.Persistent);
        Assert.Equal(1, json.GetProperty("version").GetInt64());
        Assert.True(json.GetProperty("position").GetInt64() > 0);
        Assert.Equal("bus", json.Str("channel"));
        Assert.Equal("provider", json.GetProperty("actor").Str("kind"));
        Assert.Equal(Demo.Gp, json.GetProperty("actor").Str("id"));
        Assert.Equal("prospective", json.GetProperty("data").Str("consentType"));
        Assert.True(DateTimeOffset.TryParse(json.Str("recordedAt"), System.Globalization.CultureInfo.InvariantCulture, out _));

        var consent = await (await service.Patient(patient).GetAsync($"/v1/patients/{patient}/consent")).Json();
        Assert.Equal("given", consent.Str("status"));
        var history = await (await service.Patient(patient).GetAsync($"/v1/patients/{patient}/history")).Json();
        Assert.Equal(messageId, history.GetProperty("events")[0].Str("correlationId"));
    }

    [Fact]
    public async Task The_same_message_id_sent_three_times_is_applied_once_and_answered_each_time()
    {
        var patient = TestPatients.Next();
        var messageId = Bus.NewMessageId();
        await using var connection = await Bus.ConnectAsync("his-uz-gent");
        await using var channel = await connection.ConfirmedChannelAsync();
        var replyQueue = await channel.ReplyQueueAsync("his-uz-gent");
        await using var replies = new QueueReader(replyQueue, connection);
        var command = new { patient = patient.Value, actor = new { kind = "his", id = Demo.UzGent } };

        for (var i = 0; i < 3; i++)
        {
            await channel.SendAsync("his-uz-gent", "GiveConsent", messageId, command, replyQueue, $"ask-{i}");
        }

        var answers = await Bus.EventuallyAsync(replies.ReadAsync, all => all.Count >= 3, Timeout, "three replies");
        Assert.Equal(["ask-0", "ask-1", "ask-2"], answers.Select(a => a.Properties.CorrelationId).Order());
        Assert.All(answers, a => Assert.Equal("accepted", a.Json.Str("status")));
        // Each answer is the first one: the position of the one change, to pass as minPosition.
        var history = await (await service.Patient(patient).GetAsync($"/v1/patients/{patient}/history")).Json();
        var applied = history.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(["consent-given"], applied.Select(e => e.Str("type")));
        Assert.All(answers, a => Assert.Equal(applied[0].GetProperty("position").GetInt64(), a.Json.GetProperty("position").GetInt64()));
    }

    [Fact]
    public async Task A_hospital_adds_and_ends_a_relation_for_its_staff_over_the_bus()
    {
        var patient = TestPatients.Next();
        await using var hospital = await ReplyingSender.OpenAsync("his-az-delta");
        var actor = new { kind = "provider", id = Demo.Gp };

        await hospital.SendAsync("AddTherapeuticRelation",
            new { patient = patient.Value, provider = Demo.Gp, type = "hospitalisation", proof = "eid-reading", actor });
        var added = (await hospital.RepliesAsync(1, "the reply to the new relation"))[0].Json;
        Assert.Equal("accepted", added.Str("status"));

        var relations = await (await service.Patient(patient).GetAsync($"/v1/patients/{patient}/relations")).Json();
        var relation = Assert.Single(relations.EnumerateArray());
        Assert.Equal("hospitalisation", relation.Str("type"));
        Assert.Equal(Demo.Gp, relation.GetProperty("provider").Str("nihdi"));

        await hospital.SendAsync("EndTherapeuticRelation", new { patient = patient.Value, relationId = relation.Str("id"), actor });
        var ended = (await hospital.RepliesAsync(2, "the reply to the end of the relation"))[1].Json;
        Assert.Equal("accepted", ended.Str("status"));
        var after = await (await service.Patient(patient).GetAsync($"/v1/patients/{patient}/relations")).Json();
        Assert.Equal("ended", after[0].Str("status"));
    }

    [Fact]
    public async Task The_authentic_source_records_a_death_over_the_bus()
    {
        var patient = TestPatients.Next();
        await using var source = await ReplyingSender.OpenAsync("authentic-source");

        await source.SendAsync("RecordDeath",
            new { patient = patient.Value, date = "2024-05-01", actor = new { kind = "authentic-source", id = "national-register" } });

        var reply = (await source.RepliesAsync(1, "the reply to the death"))[0].Json;
        Assert.Equal("accepted", reply.Str("status"));
        var consent = await (await service.Patient(patient).GetAsync($"/v1/patients/{patient}/consent")).Json();
        Assert.Equal("deceased", consent.Str("status"));
    }

    [Fact]
    public async Task The_authentic_source_records_a_global_medical_record_for_any_provider_on_its_own_proof_and_ends_it()
    {
        var patient = TestPatients.Next();
        await using var source = await ReplyingSender.OpenAsync("authentic-source");
        var actor = new { kind = "authentic-source", id = "gmd-register" };
        var since = DateTimeOffset.UtcNow.AddMonths(-4);

        await source.SendAsync("AddTherapeuticRelation",
            new { patient = patient.Value, provider = Demo.Gp, type = "gmd", start = since, proof = "authentic-source", actor });
        Assert.Equal("accepted", (await source.RepliesAsync(1, "the reply to the relation"))[0].Json.Str("status"));

        var relation = Assert.Single((await (await service.Patient(patient).GetAsync($"/v1/patients/{patient}/relations")).Json()).EnumerateArray());
        Assert.Equal(("gmd", "authentic-source", "active"), (relation.Str("type"), relation.Str("proof"), relation.Str("status")));
        Assert.Equal(Demo.Gp, relation.GetProperty("provider").Str("nihdi"));

        await source.SendAsync("EndTherapeuticRelation", new { patient = patient.Value, relationId = relation.Str("id"), actor });
        Assert.Equal("accepted", (await source.RepliesAsync(2, "the reply to the end"))[1].Json.Str("status"));
        var after = await (await service.Patient(patient).GetAsync($"/v1/patients/{patient}/relations")).Json();
        Assert.Equal("ended", after[0].Str("status"));
    }

    [Fact]
    public async Task A_hospital_may_not_use_the_authentic_sources_proof()
    {
        var patient = TestPatients.Next();
        await using var azDelta = await ReplyingSender.OpenAsync("his-az-delta");

        await azDelta.SendAsync("AddTherapeuticRelation",
            new { patient = patient.Value, provider = Demo.Gp, type = "consultation", proof = "authentic-source", actor = new { kind = "provider", id = Demo.Gp } });

        var reply = (await azDelta.RepliesAsync(1, "the refusal"))[0].Json;
        Assert.Equal(("rejected", "forbidden"), (reply.Str("status"), reply.Str("code")));
        Assert.Empty((await (await service.Patient(patient).GetAsync($"/v1/patients/{patient}/relations")).Json()).EnumerateArray());
    }

    [Fact]
    public async Task A_representatives_own_number_never_leaves_on_the_bus()
    {
        await using var events = await QueueReader.BindToEventsAsync();
        var patient = TestPatients.Next();
        var parent = TestPatients.Next();
        var representative = service.ClientFor("patient", parent.Value, represents: [patient.Value]);

        var added = await representative.PostJson($"/v1/patients/{patient}/relations", new { provider = Demo.Gp });
        Assert.Equal(System.Net.HttpStatusCode.Created, added.StatusCode);

        var received = await Bus.EventuallyAsync(events.ReadAsync, all => all.Any(m => IsAbout(m, patient.Value)), Timeout, "the relation's event");
        var message = received.Single(m => IsAbout(m, patient.Value));
        var actor = message.Json.GetProperty("actor");
        Assert.Equal(("representative", patient.Value), (actor.Str("kind"), actor.Str("onBehalfOf")));
        Assert.False(actor.TryGetProperty("id", out _));
        Assert.DoesNotContain(parent.Value, message.Body, StringComparison.Ordinal);
        // The patient's own record still says who acted.
        var history = await (await service.Patient(patient).GetAsync($"/v1/patients/{patient}/history")).Json();
        Assert.Equal(parent.Value, history.GetProperty("events")[0].GetProperty("actor").Str("id"));
    }

    private static bool IsAbout(ReceivedMessage message, string inss) => message.Json.TryGetProperty("patient", out var p) && p.GetString() == inss;

    private static async Task<string> DownloadRabbitmqadminAsync()
    {
        using var http = new HttpClient();
        var script = await http.GetStringAsync($"{TestEnvironment.RabbitManagementUri}/cli/rabbitmqadmin");
        var path = Path.Combine(Path.GetTempPath(), $"rabbitmqadmin-{Guid.NewGuid():N}.py");
        await File.WriteAllTextAsync(path, script);
        return path;
    }
}
