using System.Diagnostics;
using Consent.Service.Hosting;

namespace Consent.Service.Messaging;

/// <summary>
/// Carries one delivery to its end: process it, retrying passing failures for as long as they last
/// (the lane waits, so the patient's later commands keep their order), then dead-letter it if it was
/// refused, reply when asked, and acknowledge it, each broker step retried until the broker takes it.
/// </summary>
public sealed class CommandDelivery(CommandProcessor processor, BusUsers users, ILogger<CommandDelivery> logger)
{
    private const int UnexpectedAttempts = 5;

    public async Task HandleAsync(InboundMessage message, BusResponder responder, CancellationToken stoppingToken)
    {
        using var span = ConsentDiagnostics.Source.StartActivity($"bus.command {message.CommandName}", ActivityKind.Consumer, message.TraceParent);
        span?.SetTag("messaging.message.id", message.MessageId is { } id && InputRules.IsVisibleAscii(id, InputRules.MaxIdLength) ? id : null);
        span?.SetTag("consent.bus.user", message.UserId);
        try
        {
            var outcome = await ProcessAsync(message, stoppingToken);
            if (!outcome.Accepted)
            {
                span?.SetStatus(ActivityStatusCode.Error, outcome.Code);
                ConsentDiagnostics.DeadLettered.Add(1, new KeyValuePair<string, object?>("code", outcome.Code));
                logger.LogWarning("Command {MessageId} from {User} dead-lettered: {Code}",
                    Printable(message.MessageId), message.UserId, outcome.Code);
                await BrokerStepAsync(message, "dead-letter", () => responder.DeadLetterAsync(message, outcome, stoppingToken), stoppingToken);
            }
            await BrokerStepAsync(message, "reply", () => responder.ReplyAsync(message, users.Find(message.UserId), outcome, stoppingToken), stoppingToken);
            await BrokerStepAsync(message, "ack", () => message.Channel.BasicAckAsync(message.DeliveryTag, false, stoppingToken).AsTask(), stoppingToken);
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: not acknowledged, so the broker hands the message out again.
        }
    }

    private async Task<CommandOutcome> ProcessAsync(InboundMessage message, CancellationToken stoppingToken)
    {
        var unexpected = 0;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await processor.ProcessAsync(message, stoppingToken);
            }
            // A cancellation we did not ask for is a timeout somewhere below: passing as well.
            catch (Exception e) when (!stoppingToken.IsCancellationRequested && (TransientFailures.IsTransient(e) || e is OperationCanceledException))
            {
                if (attempt % 10 == 0)
                {
                    logger.LogWarning("Command {MessageId} waits for the database (attempt {Attempt}): {Message}", Printable(message.MessageId), attempt + 1, e.Message);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // A bug, not the database: try a few times, then park the message with the dead letters
                // (nothing is lost, it can be replayed) rather than blocking the lane for good.
                logger.LogError(e, "Command {MessageId} failed unexpectedly (attempt {Attempt})", Printable(message.MessageId), unexpected + 1);
                if (++unexpected >= UnexpectedAttempts)
                {
                    return CommandOutcome.Rejected("internal-error", "The service could not handle this command; it is kept for replay.");
                }
            }
            await Task.Delay(Backoff.Delay(attempt), stoppingToken);
        }
    }

    private async Task BrokerStepAsync(InboundMessage message, string step, Func<Task> action, CancellationToken stoppingToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await action();
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                if (step == "ack" && message.Channel.IsClosed && attempt >= 20)
                {
                    // The delivering channel is gone for good: the broker has requeued the message, and
                    // its message_id makes the next delivery a no-op.
                    logger.LogWarning("Gave up acknowledging {MessageId}: its channel is closed", Printable(message.MessageId));
                    return;
                }
                if (attempt % 10 == 0)
                {
                    logger.LogWarning("Broker step {Step} for {MessageId} failed, retrying: {Message}", step, Printable(message.MessageId), e.Message);
                }
                await Task.Delay(Backoff.Delay(attempt, capMilliseconds: 2000), stoppingToken);
            }
        }
    }

    // Log lines carry a sender's id only when it is plainly printable (and never the body or reason, which may name a patient).
    private static string? Printable(string? id) => id is not null && InputRules.IsVisibleAscii(id, InputRules.MaxIdLength) ? id : "(refused id)";
}
