using Consent.IntegrationTests.Infrastructure;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Consent.IntegrationTests.Messaging;

/// <summary>
/// Who sent it (api.md): one hospital cannot act as a patient or as another hospital, drop another's
/// commands, read another's replies, or follow a patient's exclusions on the bus.
/// </summary>
[Collection(MessagingCollection.Name)]
public sealed class SenderTests(MessagingService service)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_hospital_cannot_name_a_patient_or_a_foreign_provider_as_actor_and_its_own_commands_record_it_as_sender()
    {
        var patient = TestPatients.Next();
        await using var connection = await Bus.ConnectAsync("his-uz-gent");
        await using var channel = await connection.ConfirmedChannelAsync();
        await using var deadLetters = new QueueReader(Bus.DeadLetters);
        var asPatient = Bus.NewMessageId();
        var asForeignStaff = Bus.NewMessageId();
        var asDesk = Bus.NewMessageId();

        await channel.SendAsync("his-uz-gent", "GiveConsent", asPatient, new { patient = patient.Value, actor = new { kind = "patient", id = patient.Value } });
        await channel.SendAsync("his-uz-gent", "GiveConsent", asForeignStaff, new { patient = patient.Value, actor = new { kind = "provider", id = Demo.Gp } });
        await channel.SendAsync("his-uz-gent", "GiveConsent", asDesk, new { patient = patient.Value, actor = new { kind = "his", id = Demo.UzGent } });

        var parked = await Bus.EventuallyAsync(deadLetters.ReadAsync,
            all => all.Any(m => m.Properties.MessageId == asPatient) && all.Any(m => m.Properties.MessageId == asForeignStaff), Timeout, "both spoofed commands dead-lettered");
        Assert.Equal("forbidden", parked.Single(m => m.Properties.MessageId == asPatient).Header("x-reason-code"));
        Assert.Equal("forbidden", parked.Single(m => m.Properties.MessageId == asForeignStaff).Header("x-reason-code"));
        var history = await Bus.EventuallyAsync(async () => await (await service.Auditor().GetAsync($"/v1/patients/{patient}/history")).Json(),
            h => h.GetProperty("events").GetArrayLength() > 0, Timeout, "the desk's consent");
        var only = Assert.Single(history.GetProperty("events").EnumerateArray());
        Assert.Equal("his", only.GetProperty("actor").Str("kind"));
        Assert.Equal("his-uz-gent", only.GetProperty("sender").Str("user"));
        Assert.Equal("71000238", only.GetProperty("sender").Str("institution"));
    }

    [Fact]
    public async Task The_actor_is_known_by_its_id_whatever_kind_the_hospital_calls_it_but_never_as_a_patient()
    {
        var (byDesk, byStaff, asPatient) = (TestPatients.Next(), TestPatients.Next(), TestPatients.Next());
        await using var hospital = await ReplyingSender.OpenAsync("his-az-delta");

        await hospital.SendAsync("GiveConsent", new { patient = byDesk.Value, actor = new { kind = "institution", id = Demo.AzDelta } }, "desk");
        await hospital.SendAsync("GiveConsent", new { patient = byStaff.Value, actor = new { kind = "staff", id = Demo.Gp } }, "staff");
        await hospital.SendAsync("GiveConsent", new { patient = asPatient.Value, actor = new { kind = "Patient ", id = Demo.Gp } }, "patient");

        var answers = await hospital.RepliesAsync(3, "three replies");
        Assert.Equal("accepted", answers.Single(a => a.Properties.CorrelationId == "desk").Json.Str("status"));
        Assert.Equal("accepted", answers.Single(a => a.Properties.CorrelationId == "staff").Json.Str("status"));
        var refused = answers.Single(a => a.Properties.CorrelationId == "patient").Json;
        Assert.Equal(("rejected", "forbidden"), (refused.Str("status"), refused.Str("code")));
        // Recorded under the service's own kinds: the hospital's desk, and the staff member as a provider.
        foreach (var (patient, kind, id) in new[] { (byDesk, "his", Demo.AzDelta), (byStaff, "provider", Demo.Gp) })
        {
            var history = await (await service.Auditor().GetAsync($"/v1/patients/{patient}/history")).Json();
            var actor = Assert.Single(history.GetProperty("events").EnumerateArray()).GetProperty("actor");
            Assert.Equal((kind, id), (actor.Str("kind"), actor.Str("id")));
        }
    }

    [Fact]
    public async Task A_hospital_registers_consent_through_its_desk_or_a_physician_not_through_a_nurse()
    {
        var patient = TestPatients.Next();
        var azDelta = Consent.Contracts.Identifiers.Nihdi.Parse(Demo.AzDelta).Identity;
        var nurse = Consent.Service.Providers.DemoProviders.All()
            .First(p => p.Profession == Consent.Contracts.Identifiers.Profession.NurseOrMidwife && p.Institutions.Contains(azDelta)).Nihdi.Value;
        await using var hospital = await ReplyingSender.OpenAsync("his-az-delta");

        await hospital.SendAsync("GiveConsent", new { patient = patient.Value, actor = new { kind = "provider", id = nurse } }, "by-nurse");
        await hospital.SendAsync("GiveConsent", new { patient = patient.Value, actor = new { kind = "provider", id = Demo.Gp } }, "by-physician");

        var answers = await hospital.RepliesAsync(2, "both replies");
        var byNurse = answers.Single(a => a.Properties.CorrelationId == "by-nurse").Json;
        Assert.Equal(("rejected", "forbidden"), (byNurse.Str("status"), byNurse.Str("code")));
        Assert.Equal("accepted", answers.Single(a => a.Properties.CorrelationId == "by-physician").Json.Str("status"));
        var history = await (await service.Auditor().GetAsync($"/v1/patients/{patient}/history")).Json();
        Assert.Equal(Demo.Gp, Assert.Single(history.GetProperty("events").EnumerateArray()).GetProperty("actor").Str("id"));
    }

    [Fact]
    public async Task The_same_message_id_from_two_hospitals_is_two_messages()
    {
        var first = TestPatients.Next();
        var second = TestPatients.Next();
        var messageId = Bus.NewMessageId();
        await using var uzGent = await Bus.ConnectAsync("his-uz-gent");
        await using var uzChannel = await uzGent.ConfirmedChannelAsync();
        await using var azDelta = await Bus.ConnectAsync("his-az-delta");
        await using var azChannel = await azDelta.ConfirmedChannelAsync();

        await uzChannel.SendAsync("his-uz-gent", "GiveConsent", messageId, new { patient = first.Value, actor = new { kind = "his", id = Demo.UzGent } });
        await Bus.EventuallyAsync(() => ConsentOf(first), s => s == "given", Timeout, "UZ Gent's command applied");
        await azChannel.SendAsync("his-az-delta", "GiveConsent", messageId, new { patient = second.Value, actor = new { kind = "provider", id = Demo.Gp } });

        Assert.Equal("given", await Bus.EventuallyAsync(() => ConsentOf(second), s => s == "given", Timeout, "AZ Delta's command with the same id applied"));
    }

    [Fact]
    public async Task Replies_go_only_to_the_sender_s_own_namespace()
    {
        var patient = TestPatients.Next();
        await using var azDelta = await Bus.ConnectAsync("his-az-delta");
        await using var azChannel = await azDelta.ConfirmedChannelAsync();
        var azReplies = await azChannel.ReplyQueueAsync("his-az-delta");
        await using var azReader = new QueueReader(azReplies, azDelta);
        await using var uzGent = await Bus.ConnectAsync("his-uz-gent");
        await using var uzChannel = await uzGent.ConfirmedChannelAsync();
        await using var deadLetters = new QueueReader(Bus.DeadLetters);
        var forged = Bus.NewMessageId();

        await uzChannel.SendAsync("his-uz-gent", "GiveConsent", forged, new { patient = patient.Value, actor = new { kind = "his", id = Demo.UzGent } },
            replyTo: azReplies, correlationId: "az-pending-1");

        // However else the message is wrong, a reply_to outside the sender's namespace is what it is refused for.
        var forgedAndMalformed = Bus.NewMessageId();
        await uzChannel.SendAsync("his-uz-gent", "NoSuchCommand", forgedAndMalformed, new { patient = patient.Value },
            replyTo: azReplies, correlationId: "az pending 2");

        var parked = await Bus.EventuallyAsync(deadLetters.ReadAsync,
            all => all.Any(m => m.Properties.MessageId == forged) && all.Any(m => m.Properties.MessageId == forgedAndMalformed),
            Timeout, "the forged reply_to dead-lettered");
        Assert.Equal("forbidden", parked.Single(m => m.Properties.MessageId == forged).Header("x-reason-code"));
        Assert.Equal("forbidden", parked.Single(m => m.Properties.MessageId == forgedAndMalformed).Header("x-reason-code"));
        Assert.Empty(await azReader.ReadAsync());
        Assert.Equal("none", await ConsentOf(patient));
    }

    [Fact]
    public async Task A_hospital_user_cannot_bind_to_exclusion_events_nor_to_a_wildcard()
    {
        foreach (var key in new[] { "patient.exclusion-added", "patient.exclusion-lifted", "patient.#", "#", "patient.*" })
        {
            await using var connection = await Bus.ConnectAsync("his-az-delta");
            await using var channel = await connection.CreateChannelAsync();
            var queue = (await channel.QueueDeclareAsync($"his.his-az-delta.events-{Guid.NewGuid():N}", durable: false, exclusive: true, autoDelete: true)).QueueName;
            var refused = await Assert.ThrowsAnyAsync<OperationInterruptedException>(() => channel.QueueBindAsync(queue, Bus.Events, key));
            Assert.Equal((ushort)403, refused.ShutdownReason!.ReplyCode);
        }

        await using var allowed = await Bus.ConnectAsync("his-az-delta");
        await using var allowedChannel = await allowed.CreateChannelAsync();
        var own = (await allowedChannel.QueueDeclareAsync($"his.his-az-delta.events-{Guid.NewGuid():N}", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await allowedChannel.QueueBindAsync(own, Bus.Events, "patient.consent-given");
    }

    [Fact]
    public async Task Exclusion_events_leave_without_the_patient_s_reason()
    {
        await using var events = await QueueReader.BindToEventsAsync();
        var patient = TestPatients.Next();
        var added = await service.Patient(patient).PostJson($"/v1/patients/{patient}/exclusions", new { provider = Demo.Nurse, reason = "my neighbour" });
        Assert.Equal(System.Net.HttpStatusCode.Created, added.StatusCode);

        var received = await Bus.EventuallyAsync(events.ReadAsync, all => all.Any(m => m.Body.Contains(patient.Value, StringComparison.Ordinal)), Timeout, "the exclusion event");
        var message = received.Single(m => m.Body.Contains(patient.Value, StringComparison.Ordinal));
        Assert.Equal("patient.exclusion-added", message.RoutingKey);
        Assert.DoesNotContain("neighbour", message.Body, StringComparison.Ordinal);
        Assert.False(message.Json.GetProperty("data").TryGetProperty("reason", out _));
    }

    [Fact]
    public async Task Content_the_store_would_refuse_is_dead_lettered_at_once_with_its_code_and_forged_headers_are_replaced()
    {
        var patient = TestPatients.Next();
        await using var connection = await Bus.ConnectAsync("his-az-delta");
        await using var channel = await connection.ConfirmedChannelAsync();
        await using var deadLetters = new QueueReader(Bus.DeadLetters);
        var nulActor = Bus.NewMessageId();
        var nulCorrelation = Bus.NewMessageId();
        var farDate = Bus.NewMessageId();

        await channel.SendAsync("his-az-delta", "GiveConsent", nulActor, "{\"patient\":\"" + patient.Value + "\",\"actor\":{\"kind\":\"provider\",\"id\":\"123\\u0000\"}}");
        await channel.SendAsync("his-az-delta", "GiveConsent", nulCorrelation, new { patient = patient.Value, actor = new { kind = "provider", id = Demo.Gp } },
            correlationId: "corr\u0001elation");
        await channel.BasicPublishAsync(Bus.Commands, "command", true, new BasicProperties
        {
            Type = "AddTherapeuticRelation",
            MessageId = farDate,
            UserId = "his-az-delta",
            ContentType = "application/json",
            Headers = new Dictionary<string, object?> { ["x-original-user-id"] = "his-uz-gent", ["x-reason-code"] = "none" },
        }, System.Text.Encoding.UTF8.GetBytes("{\"patient\":\"" + patient.Value + "\",\"provider\":\"" + Demo.Gp
            + "\",\"type\":\"consultation\",\"proof\":\"eid-reading\",\"start\":\"9999-06-01T00:00:00Z\",\"actor\":{\"kind\":\"provider\",\"id\":\"" + Demo.Gp + "\"}}"));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var parked = await Bus.EventuallyAsync(deadLetters.ReadAsync,
            all => new[] { nulActor, nulCorrelation, farDate }.All(id => all.Any(m => m.Properties.MessageId == id)), Timeout, "three content errors dead-lettered");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"dead-lettered after {clock.Elapsed}: retried as if passing");
        Assert.Equal("invalid-request", parked.Single(m => m.Properties.MessageId == nulActor).Header("x-reason-code"));
        Assert.Equal("invalid-request", parked.Single(m => m.Properties.MessageId == nulCorrelation).Header("x-reason-code"));
        var far = parked.Single(m => m.Properties.MessageId == farDate);
        Assert.Equal("invalid-period", far.Header("x-reason-code"));
        Assert.Equal("his-az-delta", far.Header("x-original-user-id"));
        Assert.Equal("none", await ConsentOf(patient));
    }

    [Fact]
    public async Task A_reply_queue_that_refuses_the_reply_costs_its_sender_that_reply_only_and_no_one_else_waits()
    {
        var (first, second) = (TestPatients.Next(), TestPatients.Next());
        var actor = new { kind = "provider", id = Demo.Gp };
        await using var connection = await Bus.ConnectAsync("his-az-delta");
        await using var channel = await connection.ConfirmedChannelAsync();
        // A queue of the hospital's own namespace that refuses every message it is sent.
        var refusing = (await channel.QueueDeclareAsync($"his.his-az-delta.full-{Guid.NewGuid():N}", durable: false, exclusive: true, autoDelete: true,
            arguments: new Dictionary<string, object?> { ["x-max-length"] = 0, ["x-overflow"] = "reject-publish" })).QueueName;
        await channel.SendAsync("his-az-delta", "GiveConsent", Bus.NewMessageId(), new { patient = first.Value, actor }, refusing);
        await channel.SendAsync("his-az-delta", "GiveConsent", Bus.NewMessageId(), new { patient = "12345678901", actor }, refusing);
        await using var other = await ReplyingSender.OpenAsync("his-uz-gent");
        await other.SendAsync("GiveConsent", new { patient = second.Value, actor = new { kind = "his", id = Demo.UzGent } }, "after");

        var answer = Assert.Single(await other.RepliesAsync(1, "the other hospital's reply"));
        Assert.Equal("accepted", answer.Json.Str("status"));
        Assert.Equal("given", await ConsentOf(first));
        Assert.Equal("given", await ConsentOf(second));
    }

    [Fact]
    public async Task Dead_letters_carry_the_services_headers_only()
    {
        await using var connection = await Bus.ConnectAsync("his-az-delta");
        await using var channel = await connection.ConfirmedChannelAsync();
        await using var deadLetters = new QueueReader(Bus.DeadLetters);
        var refused = Bus.NewMessageId();
        await channel.BasicPublishAsync(Bus.Commands, "command", true, new BasicProperties
        {
            Type = "Frobnicate",
            MessageId = refused,
            UserId = "his-az-delta",
            ContentType = "application/json",
            // Near the broker's frame size: copied beside the service's own headers, it would no longer fit.
            Headers = new Dictionary<string, object?> { ["padding"] = new string('x', 130_000) },
        }, "{}"u8.ToArray());

        var parked = await Bus.EventuallyAsync(deadLetters.ReadAsync, all => all.Any(m => m.Properties.MessageId == refused), Timeout, "the refused command parked");
        var letter = parked.Single(m => m.Properties.MessageId == refused);
        Assert.Equal("invalid-request", letter.Header("x-reason-code"));
        // The broker's and the client library's own (x-delivery-count, traceparent, ...) aside, nothing of the sender's.
        Assert.DoesNotContain("padding", letter.Properties.Headers!.Keys);
        Assert.Equal("his-az-delta", letter.Header("x-original-user-id"));
    }

    [Fact]
    public async Task A_broker_user_the_service_does_not_know_is_refused_in_a_reply_of_its_own_namespace()
    {
        // The suite's admin user "consent" is a broker user the service maps to no institution.
        await using var connection = await Bus.ConnectAsync();
        await using var channel = await connection.ConfirmedChannelAsync();
        var replyQueue = await channel.ReplyQueueAsync("consent");
        await using var replies = new QueueReader(replyQueue, connection);
        await channel.SendAsync("consent", "GiveConsent", Bus.NewMessageId(), new { patient = TestPatients.Next().Value, actor = new { kind = "provider", id = Demo.Gp } },
            replyQueue, "unknown-sender");

        var reply = Assert.Single(await Bus.EventuallyAsync(replies.ReadAsync, all => all.Count > 0, Timeout, "the reply"));
        Assert.Equal("unknown-sender", reply.Properties.CorrelationId);
        Assert.Equal(("rejected", "forbidden"), (reply.Json.Str("status"), reply.Json.Str("code")));
    }

    private async Task<string> ConsentOf(Consent.Contracts.Identifiers.Inss patient) =>
        (await (await service.Auditor().GetAsync($"/v1/patients/{patient}/consent")).Json()).Str("status");
}
