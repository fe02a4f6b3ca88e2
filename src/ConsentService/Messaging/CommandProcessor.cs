using Consent.Service.Patients;
using Npgsql;

namespace Consent.Service.Messaging;

/// <summary>
/// Applies one bus message: authorise its sender, skip it if that sender's message_id was applied
/// already, translate it, and run it through the ordinary command path with the message_id recorded in
/// the same transaction. Passing failures (database down) are thrown to the caller, which retries;
/// everything else is an outcome.
/// </summary>
public sealed class CommandProcessor(CommandTranslator translator, PatientCommandHandler handler, ProcessedMessages processed)
{
    public async Task<CommandOutcome> ProcessAsync(BusCommandEnvelope message, CancellationToken cancellationToken)
    {
        BusSender? sender = null;
        try
        {
            // Authorisation first: a repeat check before it would tell anyone which ids another sender used.
            sender = translator.Authorise(message);
            if (await processed.FindAsync(sender.User.Name, sender.MessageId, cancellationToken) is { } applied)
            {
                return CommandOutcome.Duplicate(applied.Position);
            }
            var command = await translator.TranslateAsync(message, sender, cancellationToken);
            var result = await handler.HandleAsync(command.Patient, command.Command, command.Metadata, null,
                (result, transaction) => ProcessedMessages.RecordAsync(transaction, sender.User.Name, sender.MessageId, result.Snapshot.Position, cancellationToken),
                cancellationToken);
            return result.Error is { } error
                ? CommandOutcome.Rejected(error.Code, error.Detail)
                : CommandOutcome.Applied(result.Snapshot.Position);
        }
        catch (RefusedException e)
        {
            return CommandOutcome.Rejected(e.Code, e.Message);
        }
        catch (PostgresException e) when (ProcessedMessages.IsDuplicate(e) && sender is not null)
        {
            // Another delivery of the same message_id committed between our check and our commit.
            return CommandOutcome.Duplicate((await processed.FindAsync(sender.User.Name, sender.MessageId, cancellationToken))?.Position);
        }
        catch (PostgresException e) when (TransientFailures.IsContentError(e))
        {
            // The database refused a value the message carries: it would refuse it on every retry.
            return CommandOutcome.Rejected(ErrorCodes.InvalidRequest, "The message holds a value the store refuses.");
        }
    }
}
