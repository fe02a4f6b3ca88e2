using Consent.Service.Patients;
using Npgsql;

namespace Consent.Service.Messaging;

/// <summary>
/// Applies one bus message: skip it if its message_id was applied already, translate it, and run it
/// through the ordinary command path with the message_id recorded in the same transaction. Passing
/// failures (database down) are thrown to the caller, which retries; everything else is an outcome.
/// </summary>
public sealed class CommandProcessor(CommandTranslator translator, PatientCommandHandler handler, ProcessedMessages processed)
{
    public async Task<CommandOutcome> ProcessAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        try
        {
            if (message.MessageId is { } seen && await processed.ContainsAsync(seen, cancellationToken))
            {
                return CommandOutcome.Duplicate();
            }
            var command = await translator.TranslateAsync(message, cancellationToken);
            var messageId = message.MessageId!;
            var result = await handler.HandleAsync(command.Patient, command.Command, command.Metadata, null,
                (_, transaction) => ProcessedMessages.RecordAsync(transaction, messageId, cancellationToken), cancellationToken);
            return result.Error is { } error
                ? CommandOutcome.Rejected(error.Code, error.Detail)
                : CommandOutcome.Applied(result.State.Position);
        }
        catch (CommandRejectedException e)
        {
            return CommandOutcome.Rejected(e.Code, e.Message);
        }
        catch (PostgresException e) when (ProcessedMessages.IsDuplicate(e))
        {
            // Another delivery of the same message_id committed between our check and our commit.
            return CommandOutcome.Duplicate();
        }
    }
}
