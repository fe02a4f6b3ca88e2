using System.Diagnostics;
using Consent.Service.Hosting;

namespace Consent.Service.Messaging;

/// <summary>
/// Wolverine's handler for consent.commands. It processes the command (CommandProcessor: the sender's
/// rules, dedup and the events in one transaction), dead-letters a refusal (confirmed by the broker),
/// replies when asked, and returns: Wolverine then acknowledges the delivery. A passing failure is
/// thrown and retried in place by the error policy of MessagingSetup, so the commands behind it wait
/// and every patient's commands keep their order.
/// </summary>
public sealed class BusCommandHandler(CommandProcessor processor, BusResponder responder, ILogger<BusCommandHandler> logger)
{
    public async Task HandleAsync(BusCommandEnvelope message, CancellationToken cancellationToken)
    {
        using var span = ConsentDiagnostics.Source.StartActivity($"bus.command {message.CommandName}", ActivityKind.Consumer);
        span?.SetTag("messaging.message.id", Printable(message.MessageId));
        span?.SetTag("consent.bus.user", message.UserId);
        var outcome = await processor.ProcessAsync(message, cancellationToken);
        if (!outcome.Accepted)
        {
            span?.SetStatus(ActivityStatusCode.Error, outcome.Code);
        }
        await AnswerAsync(message, outcome, cancellationToken);
    }

    /// <summary>Dead-letters a refused command with its reason, and replies to the sender when it asked.</summary>
    public async Task AnswerAsync(BusCommandEnvelope message, CommandOutcome outcome, CancellationToken cancellationToken)
    {
        if (!outcome.Accepted)
        {
            ConsentDiagnostics.DeadLettered.Add(1, new KeyValuePair<string, object?>("code", outcome.Code));
            logger.LogWarning("Command {MessageId} from {User} dead-lettered: {Code}", Printable(message.MessageId), message.UserId, outcome.Code);
            await responder.DeadLetterAsync(message, outcome, cancellationToken);
        }
        await responder.ReplyAsync(message, outcome, cancellationToken);
    }

    // Log lines carry a sender's id only when it is plainly printable (and never the body or reason, which may name a patient).
    public static string? Printable(string? id) => id is not null && InputRules.IsVisibleAscii(id, InputRules.MaxIdLength) ? id : "(refused id)";
}
