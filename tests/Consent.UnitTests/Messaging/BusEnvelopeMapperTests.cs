using System.Text;
using Consent.Service.Messaging;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Wolverine;

namespace Consent.UnitTests.Messaging;

public sealed class BusEnvelopeMapperTests
{
    [Fact]
    public void A_plain_amqp_message_becomes_one_bus_command_envelope_with_its_body_and_properties()
    {
        var body = Encoding.UTF8.GetBytes("""{"patient":"90021412501"}""");
        var properties = new BasicProperties
        {
            Type = "GiveConsent",
            MessageId = "his-0001",
            UserId = "his-az-delta",
            ReplyTo = "his.his-az-delta.replies",
            CorrelationId = "ask-1",
            ContentType = "application/json",
            Headers = new Dictionary<string, object?> { ["traceparent"] = Encoding.UTF8.GetBytes("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01") },
        };
        var envelope = new Envelope { Data = body };

        new BusEnvelopeMapper().MapIncomingToEnvelope(envelope, properties);

        var message = Assert.IsType<BusCommandEnvelope>(envelope.Message);
        Assert.Equal(body, message.Body);
        Assert.Equal("GiveConsent", message.CommandName);
        Assert.Equal("his-0001", message.MessageId);
        Assert.Equal("his-az-delta", message.UserId);
        Assert.Equal("his.his-az-delta.replies", message.Properties.ReplyTo);
        Assert.Equal("ask-1", message.Properties.CorrelationId);
        Assert.Equal(BusEnvelopeMapper.MessageTypeName, envelope.MessageType);
        Assert.NotEqual(Guid.Empty, envelope.Id);
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", envelope.ParentId);
        // Printed by a logger, it never shows the body (which names a patient).
        Assert.DoesNotContain("90021412501", message.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Any_type_maps_to_the_one_handler_input_so_that_the_translator_refuses_it_with_its_reason()
    {
        var envelope = new Envelope { Data = [] };
        new BusEnvelopeMapper().MapIncomingToEnvelope(envelope, new BasicProperties { Type = "Frobnicate" });
        Assert.Equal("Frobnicate", Assert.IsType<BusCommandEnvelope>(envelope.Message).CommandName);
        Assert.Null(((BusCommandEnvelope)envelope.Message!).MessageId);
    }

    [Fact]
    public void Database_and_broker_outages_are_passing_and_bugs_are_not()
    {
        Assert.True(MessagingSetup.IsPassing(new NpgsqlException("connection refused")));
        Assert.True(MessagingSetup.IsPassing(new TimeoutException()));
        Assert.True(MessagingSetup.IsPassing(new OperationCanceledException()));
        Assert.True(MessagingSetup.IsPassing(new AlreadyClosedException(new RabbitMQ.Client.Events.ShutdownEventArgs(ShutdownInitiator.Peer, 320, "broker going down"))));
        Assert.False(MessagingSetup.IsPassing(new InvalidOperationException("a bug")));
        Assert.False(MessagingSetup.IsPassing(new NullReferenceException()));
    }
}
