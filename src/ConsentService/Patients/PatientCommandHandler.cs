using Consent.Contracts.Identifiers;
using Consent.Service.EventStore;
using Consent.Service.Hosting;
using Npgsql;

namespace Consent.Service.Patients;

/// <summary>What handling a command gave: the new state, the events appended (none for no change), or a refusal.</summary>
public sealed record CommandResult(PatientState State, IReadOnlyList<PatientEvent> Events, AppendResult? Append, DomainError? Error = null)
{
    public bool Changed => Events.Count > 0;
}

/// <summary>
/// The way of every command: load the inline state, decide, append with the expected version and
/// the new read model in one transaction. A conflicting append is decided again on fresh state,
/// unless the caller named the version it expects (If-Match).
/// </summary>
public sealed class PatientCommandHandler(
    NpgsqlDataSource dataSource, PostgresEventStore store, PatientViews views, RelationDurations durations, TimeProvider clock, PatientStateCache cache)
{
    private const int MaxAttempts = 8;

    /// <param name="alsoInTransaction">Writes that must commit with the events (idempotency record, bus message id).</param>
    public async Task<CommandResult> HandleAsync(
        Inss patient,
        PatientCommand command,
        EventMetadata metadata,
        long? expectedVersion = null,
        Func<CommandResult, NpgsqlTransaction, Task>? alsoInTransaction = null,
        CancellationToken cancellationToken = default)
    {
        using var span = ConsentDiagnostics.Start($"patient.command {command.GetType().Name}");
        span?.SetTag("consent.command", command.GetType().Name);
        span?.SetTag("consent.patient", Pseudonyms.Of(patient.Value));
        span?.SetTag("consent.channel", metadata.Channel);
        for (var attempt = 1; ; attempt++)
        {
            var state = await views.LoadAsync(patient, cancellationToken);
            if (expectedVersion is { } expected && expected != state.Version)
            {
                throw new VersionConflictException(PatientStreams.IdOf(patient), expected);
            }

            // To the microsecond, as stored: the read model then equals a replay of the stream (rebuild-views).
            var now = Auditing.StorePrecision.Truncate(clock.GetUtcNow());
            var decision = PatientDecider.Decide(command, state, now, durations);
            if (decision.Refused)
            {
                span?.SetTag("consent.refused", decision.Error!.Code);
                return new CommandResult(state, [], null, decision.Error);
            }

            // Recording times never go back within a stream, whatever the replicas' clocks say.
            var recordedAt = state.LastRecordedAt is { } last && last > now ? last : now;
            var newState = state;
            var newEvents = new List<NewEvent>(decision.Events.Count);
            foreach (var e in decision.Events)
            {
                newState = PatientEvolution.Evolve(newState, e, new RecordedMeta(newState.Version + 1, state.Position, recordedAt, metadata.Actor));
                newEvents.Add(new NewEvent(Guid.CreateVersion7(now), PatientEventTypes.NameOf(e), PatientEventTypes.Serialize(e), metadata));
            }

            try
            {
                var result = await CommitAsync(patient, state, newState, decision.Events, newEvents, recordedAt, alsoInTransaction, cancellationToken);
                if (result.Changed)
                {
                    // What this replica acknowledges, its decisions see at once.
                    cache.Committed(PatientStreams.IdOf(patient), result.State);
                }
                return result;
            }
            catch (VersionConflictException) when (expectedVersion is null && attempt < MaxAttempts)
            {
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), cancellationToken);
            }
        }
    }

    private async Task<CommandResult> CommitAsync(
        Inss patient, PatientState before, PatientState after, IReadOnlyList<PatientEvent> events, List<NewEvent> newEvents,
        DateTimeOffset recordedAt, Func<CommandResult, NpgsqlTransaction, Task>? alsoInTransaction, CancellationToken cancellationToken)
    {
        var view = new InlineView(PatientStreams.ViewType, StoreJson.ToElement(after));
        var streamId = PatientStreams.IdOf(patient);
        if (alsoInTransaction is null)
        {
            if (events.Count == 0)
            {
                return new CommandResult(before, events, null);
            }
            var appended = await store.AppendAsync(streamId, before.Version, recordedAt, newEvents, view, null, cancellationToken);
            return new CommandResult(after with { Position = appended.LastPosition }, events, appended);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = new CommandResult(before, events, null);
        if (events.Count > 0)
        {
            var appended = await store.AppendAsync(streamId, before.Version, recordedAt, newEvents, view, transaction, cancellationToken);
            result = new CommandResult(after with { Position = appended.LastPosition }, events, appended);
        }
        await alsoInTransaction(result, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
