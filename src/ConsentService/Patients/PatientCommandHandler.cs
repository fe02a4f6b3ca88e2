using Consent.Service.Caching;
using Consent.Contracts.Identifiers;
using Consent.Service.EventStore;
using Consent.Service.Hosting;
using Npgsql;

namespace Consent.Service.Patients;

/// <summary>What handling a command gave: the new state, the events appended (none for no change), or a refusal.</summary>
public sealed record CommandResult(PatientSnapshot Snapshot, IReadOnlyList<PatientEvent> Events, DomainError? Error = null)
{
    public bool Changed => Events.Count > 0;

    public PatientState State => Snapshot.State;
}

/// <summary>
/// The way of every command: load the inline state, decide, append with the expected version and
/// the new read model in one transaction. A conflicting append is decided again on fresh state,
/// unless the caller named the version it expects (If-Match).
/// </summary>
public sealed class PatientCommandHandler(
    NpgsqlDataSource dataSource, PostgresEventStore store, AppendBatcher batcher, PatientViews views, RelationDurations durations, ConsentAge consentAge, PatientStateCache cache, CommitAnnouncer announcer, StreamLocks locks, Pseudonyms pseudonyms)
{
    // Conflicts left after the per-stream lock come from other replicas: rare, and worth waiting out.
    private const int MaxAttempts = 50;

    /// <param name="alsoInTransaction">Writes that must commit with the events (the bus message id).</param>
    /// <param name="remember">
    /// The Idempotency-Key answer to store with the events, built from the result before they are appended
    /// (its position is written in by the append's statement); null when there is nothing to remember.
    /// </param>
    public async Task<CommandResult> HandleAsync(
        Inss patient,
        PatientCommand command,
        EventMetadata metadata,
        long? expectedVersion = null,
        Func<CommandResult, NpgsqlTransaction, Task>? alsoInTransaction = null,
        CancellationToken cancellationToken = default,
        Func<CommandResult, Task<IdempotencyRow?>>? remember = null)
    {
        if (alsoInTransaction is not null && remember is not null)
        {
            throw new ArgumentException("An answer to remember is stored by the append's own statement, not in a caller's transaction.", nameof(remember));
        }
        using var span = ConsentDiagnostics.Start($"patient.command {command.GetType().Name}");
        span?.SetTag("consent.command", command.GetType().Name);
        span?.SetTag("consent.patient", pseudonyms.Of(patient.Value));
        span?.SetTag("consent.channel", metadata.Channel);
        var streamId = PatientStreams.IdOf(patient);
        using var serialised = await locks.EnterAsync(streamId, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            // The first attempt decides on the cached state when this replica holds one: an append checks the version
            // it expects, so a stale state cannot commit. An answer without an append (a refusal, no change, a version
            // the caller did not expect) is only ever given on the store's own state.
            var cached = PatientSnapshot.Initial;
            var fromCache = attempt == 1 && cache.TryGet(streamId, out cached);
            var state = fromCache ? cached : await views.LoadAsync(patient, cancellationToken);
            if (expectedVersion is { } expected && expected != state.Version)
            {
                if (fromCache) { continue; }
                throw new VersionConflictException(streamId, expected);
            }

            var decision = PatientDecider.Decide(patient, command, state.State, durations, consentAge);
            if (fromCache && (decision.Refused || decision.Events.Count == 0))
            {
                continue;
            }
            if (decision.Refused)
            {
                span?.SetTag("consent.refused", decision.Error!.Code);
                return new CommandResult(state, [], decision.Error);
            }

            // Recording times never go back within a stream, whatever the replicas' clocks say; PostgreSQL
            // keeps microseconds, so the time is cut to what will be read back.
            var now = command.Now;
            var recordedAt = Auditing.StorePrecision.Truncate(state.LastRecordedAt is { } last && last > now ? last : now);
            var context = new EventContext(recordedAt, metadata.Actor);
            var newState = state.State;
            var newEvents = new List<NewEvent>(decision.Events.Count);
            foreach (var e in decision.Events)
            {
                newState = PatientEvolution.Evolve(newState, e, context);
                newEvents.Add(new NewEvent(Guid.CreateVersion7(now), PatientEventTypes.NameOf(e), PatientEventTypes.Serialize(e), metadata));
            }
            var after = new PatientSnapshot(newState, state.Version + decision.Events.Count, state.Position, recordedAt);

            try
            {
                var result = await CommitAsync(patient, state, after, decision.Events, newEvents, recordedAt, alsoInTransaction, remember, cancellationToken);
                if (result.Changed)
                {
                    // What this replica acknowledges, its decisions see at once; the other replicas are told right after.
                    cache.Committed(streamId, result.Snapshot);
                    announcer.Announce(streamId, result.Snapshot.Position);
                }
                return result;
            }
            catch (VersionConflictException) when (fromCache)
            {
                // The cached state was behind the store (another replica's commit not yet announced): decide again on the store's.
            }
            catch (VersionConflictException) when (expectedVersion is null && attempt < MaxAttempts)
            {
                await Task.Delay(Random.Shared.Next(1, 5 * Math.Min(attempt, 20)), cancellationToken);
            }
        }
    }

    private async Task<CommandResult> CommitAsync(
        Inss patient, PatientSnapshot before, PatientSnapshot after, IReadOnlyList<PatientEvent> events, List<NewEvent> newEvents,
        DateTimeOffset recordedAt, Func<CommandResult, NpgsqlTransaction, Task>? alsoInTransaction,
        Func<CommandResult, Task<IdempotencyRow?>>? remember, CancellationToken cancellationToken)
    {
        var streamId = PatientStreams.IdOf(patient);
        if (alsoInTransaction is null)
        {
            if (events.Count == 0)
            {
                var unchanged = new CommandResult(before, events);
                if (remember is not null && await remember(unchanged) is { } answer)
                {
                    await store.RememberAsync(answer, cancellationToken);
                }
                return unchanged;
            }
            // The answer is built before the append, from the state it will store; the append's statement writes its position in.
            var row = remember is null ? null : await remember(new CommandResult(after, events));
            // Committed with the replica's other writes of the moment; not cancelled once queued, so that the cache and the
            // announcement always follow what was committed.
            var appended = await batcher.AppendAsync(PreparedAppend.Of(streamId, before.Version, recordedAt, newEvents, ViewOf(after), row));
            return new CommandResult(after with { Position = appended.LastPosition }, events);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = new CommandResult(before, events);
        if (events.Count > 0)
        {
            var appended = await store.AppendAsync(streamId, before.Version, recordedAt, newEvents, ViewOf(after), transaction, cancellationToken);
            result = new CommandResult(after with { Position = appended.LastPosition }, events);
        }
        await alsoInTransaction(result, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private static InlineView ViewOf(PatientSnapshot state) => new(PatientStreams.ViewType, StoreJson.ToElement(state.State));
}
