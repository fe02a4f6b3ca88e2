using Wolverine;
using Wolverine.RabbitMQ;
using Wolverine.RabbitMQ.Internal;

namespace Consent.Service.Messaging;

/// <summary>
/// The exchanges and queues of api.md. Wolverine declares the inbound side at start-up (AutoProvision;
/// declaring is idempotent): the direct exchange consent.commands, the quorum queues consent.commands
/// and consent.commands.dead, and the binding with key `command`, with the same arguments as every
/// earlier version of the service, so an existing broker's queues are used as they are. No Wolverine
/// dead-letter argument is set on the queue: refusals are dead-lettered by BusResponder. The events
/// exchange is declared by EventRelay, which publishes to it.
/// </summary>
public static class BusTopology
{
    public const string CommandsExchange = "consent.commands";
    public const string CommandsQueue = "consent.commands";
    public const string CommandsRoutingKey = "command";
    public const string DeadLetterQueue = "consent.commands.dead";
    public const string EventsExchange = "consent.events";

    public static void Declare(RabbitMqTransportExpression rabbit) => rabbit
        .AutoProvision()
        .DeclareQueue(DeadLetterQueue, q => q.QueueType = QueueType.quorum)
        .BindExchange(CommandsExchange, ExchangeType.Direct).ToQueue(CommandsQueue, CommandsRoutingKey, q => q.QueueType = QueueType.quorum);
}
