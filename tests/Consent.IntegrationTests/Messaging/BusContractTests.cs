using System.Net;
using System.Text;
using System.Text.Json;
using Consent.Contracts.Identifiers;
using Consent.IntegrationTests.Infrastructure;
using RabbitMQ.Client;

namespace Consent.IntegrationTests.Messaging;

/// <summary>The rest of api.md's bus contract: rejected replies, every event's routing key, content type, death end to end.</summary>
[Collection(MessagingCollection.Name)]
public sealed class BusContractTests(MessagingService service)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private const string BreakTheGlass = "Unconscious patient at the emergency department";

    [Fact]
    public async Task A_rejected_command_with_reply_to_is_answered_rejected_with_its_code_and_correlation_id()
    {
        var patient = TestPatients.Next();
        await using var hospital = await ReplyingSender.OpenAsync("his-az-delta");

        // Dr Physician does not work at AZ Delta: AZ Delta may not speak for him.
        await hospital.SendAsync("GiveConsent", new { patient = patient.Value, actor = new { kind = "provider", id = Demo.Physician } }, "corr-forbidden");
        await hospital.SendAsync("GiveConsent", new { patient = "12345678901", actor = new { kind = "his", id = Demo.AzDelta } }, "corr-invalid-inss");

        var answers = await hospital.RepliesAsync(2, "two rejections");
        Assert.Equal(2, answers.Count);
        var forbidden = Assert.Single(answers, a => a.Properties.CorrelationId == "corr-forbidden").Json;
        var invalid = Assert.Single(answers, a => a.Properties.CorrelationId == "corr-invalid-inss").Json;
        Assert.Equal("rejected", forbidden.Str("status"));
        Assert.Equal("forbidden", forbidden.Str("code"));
        Assert.Equal("rejected", invalid.Str("status"));
        Assert.Equal("invalid-inss", invalid.Str("code"));
        var history = await (await service.Patient(patient).GetAsync($"/v1/patients/{patient}/history")).Json();
        Assert.Equal(0, history.GetProperty("events").GetArrayLength());
    }

    [Fact]
    public async Task Every_event_type_is_published_under_patient_and_its_type()
    {
        await using var events = await QueueReader.BindToEventsAsync();
        var patient = TestPatients.Next();
        var client = service.Patient(patient);
        var gp = service.Provider(Demo.Gp);
        var url = $"/v1/patients/{patient}";
        Assert.Equal(HttpStatusCode.OK, (await client.PutJson($"{url}/consent")).StatusCode);
        var added = await gp.PostJson($"{url}/relations", new { provider = Demo.Gp, type = "consultation", proof = "eid-reading" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gp.PostJson($"{url}/relations", new { provider = Demo.Gp, type = "consultation", proof = "eid-reading" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await gp.DeleteAsync($"{url}/relations/{(await added.Json()).Str("id")}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostJson($"{url}/exclusions", new { provider = Demo.Nurse, reason = "secret reason" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{url}/exclusions/{Demo.Nurse}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"{url}/consent")).StatusCode);
        await RecordDeathAsync(patient);

        string[] all = ["consent-given", "therapeutic-relation-added", "therapeutic-relation-renewed", "therapeutic-relation-ended",
            "exclusion-added", "exclusion-lifted", "consent-revoked", "patient-deceased"];
        var received = await Bus.EventuallyAsync(events.ReadAsync, got => got.Count(m => IsAbout(m, patient)) >= all.Length, Timeout, "the eight events");
        var mine = received.Where(m => IsAbout(m, patient)).DistinctBy(m => m.Properties.MessageId).OrderBy(m => m.Json.GetProperty("version").GetInt64()).ToList();
        Assert.Equal(all, mine.Select(m => m.Json.Str("type")));
        Assert.All(mine, m => Assert.Equal($"patient.{m.Json.Str("type")}", m.RoutingKey));
        Assert.All(mine, m => Assert.Equal("application/json", m.Properties.ContentType));
        Assert.DoesNotContain(mine, m => m.Body.Contains("secret reason", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("application/xml", "unsupported-media-type")]
    [InlineData("application/json\n", "invalid-request")]
    [InlineData("application/json\u0085", "invalid-request")]
    public async Task A_command_with_another_content_type_is_refused_and_nothing_is_written(string contentType, string code)
    {
        var patient = TestPatients.Next();
        await using var deadLetters = new QueueReader(Bus.DeadLetters);
        await using var connection = await Bus.ConnectAsync("his-az-delta");
        await using var channel = await connection.ConfirmedChannelAsync();
        var replyQueue = await channel.ReplyQueueAsync("his-az-delta");
        await using var replies = new QueueReader(replyQueue, connection);
        var messageId = Bus.NewMessageId();
        var properties = new BasicProperties
        {
            Persistent = true,
            ContentType = contentType,
            Type = "GiveConsent",
            MessageId = messageId,
            UserId = "his-az-delta",
            ReplyTo = replyQueue,
            CorrelationId = "corr-xml",
        };
        var body = JsonSerializer.SerializeToUtf8Bytes(new { patient = patient.Value, actor = new { kind = "his", id = Demo.AzDelta } });
        await channel.BasicPublishAsync(Bus.Commands, "command", true, properties, body);

        var reply = (await Bus.EventuallyAsync(replies.ReadAsync, all => all.Count >= 1, Timeout, "the reply"))[0];
        Assert.Equal("corr-xml", reply.Properties.CorrelationId);
        Assert.Equal("rejected", reply.Json.Str("status"));
        Assert.Equal(code, reply.Json.Str("code"));
        var parked = await Bus.EventuallyAsync(deadLetters.ReadAsync, all => all.Any(m => m.Properties.MessageId == messageId), Timeout, "the dead letter");
        Assert.Equal(code, parked.Single(m => m.Properties.MessageId == messageId).Header("x-reason-code"));
        var history = await (await service.Patient(patient).GetAsync($"/v1/patients/{patient}/history")).Json();
        Assert.Equal(0, history.GetProperty("events").GetArrayLength());
    }

    [Fact]
    public async Task After_a_death_recorded_over_the_bus_every_decision_denies_first_for_death_and_every_write_is_refused()
    {
        var patient = TestPatients.Next();
        var client = service.Patient(patient);
        var gp = service.Provider(Demo.Gp);
        var url = $"/v1/patients/{patient}";
        Assert.Equal(HttpStatusCode.OK, (await client.PutJson($"{url}/consent")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await gp.PostJson($"{url}/relations", new { provider = Demo.Gp, type = "gmd" })).StatusCode);
        // A 503 asks the client to try again (api.md): the first decision logged after another test's database
        // restart may meet the access log reconnecting.
        var asked = await gp.PostJson("/v1/access-decisions", new { patient = patient.Value, provider = Demo.Gp, documentType = "sumehr" });
        for (var attempt = 0; asked.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 5; attempt++)
        {
            await Task.Delay(500);
            asked = await gp.PostJson("/v1/access-decisions", new { patient = patient.Value, provider = Demo.Gp, documentType = "sumehr" });
        }
        Assert.True(asked.IsSuccessStatusCode, $"{(int)asked.StatusCode}: {await asked.Content.ReadAsStringAsync()}");
        var before = await asked.Json();
        Assert.Equal("permit", before.Str("decision"));

        var position = await RecordDeathAsync(patient);

        var plain = await (await gp.PostJson("/v1/access-decisions", new { patient = patient.Value, provider = Demo.Gp, documentType = "sumehr", minPosition = position })).Json();
        var glass = await (await service.Provider(Demo.Physician).PostJson("/v1/access-decisions",
            new { patient = patient.Value, provider = Demo.Physician, breakTheGlass = BreakTheGlass, minPosition = position })).Json();
        var audited = await (await service.Auditor().PostJson("/v1/access-decisions", new { patient = patient.Value, provider = Demo.Gp })).Json();
        foreach (var decision in new[] { plain, glass, audited })
        {
            Assert.Equal("deny", decision.Str("decision"));
            Assert.Equal("patient-deceased", decision.GetProperty("reasons")[0].GetString());
        }
        Assert.Contains("therapeutic-relation", plain.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));

        var writes = new (string What, HttpResponseMessage Response)[]
        {
            ("give consent", await client.PutJson($"{url}/consent")),
            ("revoke consent", await client.DeleteAsync($"{url}/consent")),
            ("add relation", await gp.PostJson($"{url}/relations", new { provider = Demo.Gp, type = "consultation", proof = "eid-reading" })),
            ("add exclusion", await client.PostJson($"{url}/exclusions", new { provider = Demo.Nurse })),
        };
        foreach (var (what, response) in writes)
        {
            Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{what}: {(int)response.StatusCode}");
            Assert.Equal("patient-deceased", await response.ProblemCode());
        }
        var history = await (await service.Patient(patient).GetAsync($"{url}/history")).Json();
        Assert.Equal(["consent-given", "therapeutic-relation-added", "patient-deceased"], history.GetProperty("events").EnumerateArray().Select(e => e.Str("type")));
    }

    /// <summary>RecordDeath as the authentic source, waiting for its acceptance; answers the event's position.</summary>
    private static async Task<long> RecordDeathAsync(Inss patient)
    {
        await using var source = await ReplyingSender.OpenAsync("authentic-source");
        await source.SendAsync("RecordDeath",
            new { patient = patient.Value, date = "2024-05-01", actor = new { kind = "authentic-source", id = "national-register" } }, "death");
        var reply = (await source.RepliesAsync(1, "the reply to the death"))[0];
        Assert.Equal("death", reply.Properties.CorrelationId);
        Assert.Equal("accepted", reply.Json.Str("status"));
        return reply.Json.GetProperty("position").GetInt64();
    }

    private static bool IsAbout(ReceivedMessage message, Inss patient) => message.Json.TryGetProperty("patient", out var p) && p.GetString() == patient.Value;
}
