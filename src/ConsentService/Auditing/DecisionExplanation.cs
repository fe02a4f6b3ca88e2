using Consent.Contracts.Identifiers;
using Consent.Service.EventStore;
using Consent.Service.Patients;
using Consent.Service.Providers;
using Npgsql;

namespace Consent.Service.Auditing;

public sealed record DecisionOutcome(string Decision, IReadOnlyList<string> Reasons);

public sealed record LoggedDecision(
    long Id, DateTimeOffset LoggedAt, DateTimeOffset At, string Provider, string? DocumentType, string Decision,
    IReadOnlyList<string> Reasons, string? BreakTheGlass, long Position);

/// <summary>A logged decision and the same question evaluated again by the policy, as of its instant and position.</summary>
public sealed record Explanation(LoggedDecision Logged, DecisionOutcome Reevaluated, bool Same);

/// <summary>
/// Reproduces a logged decision: the patient's stream replayed up to the position the decision saw, the
/// directory as it was at the decision's instant (DirectoryHistory), and the same pure policy and matrix.
/// A difference means the record or the directory was changed behind the service's back, or the rules changed.
/// </summary>
public sealed class DecisionExplanation(NpgsqlDataSource dataSource, PostgresEventStore store, DirectoryHistory directory, AccessMatrix matrix)
{
    /// <returns>The explanation, and the stream's version now (the response's ETag), read with the events it replays.</returns>
    public async Task<(Explanation Explanation, long StreamVersion)?> ExplainAsync(Inss patient, long id, CancellationToken cancellationToken)
    {
        var logged = await FindAsync(patient, id, cancellationToken);
        if (logged is null || !ProviderId.TryParse(logged.Provider, out var provider))
        {
            return null;
        }
        var events = await store.ReadStreamAsync(PatientStreams.IdOf(patient), cancellationToken: cancellationToken);
        var replayed = PatientReplay.Fold(events.Where(e => e.Position <= logged.Position));
        var state = replayed.State;
        var institutions = await directory.InstitutionsAtAsync(provider.Value, logged.At, cancellationToken);
        DocumentType? documentType = logged.DocumentType is { } name && KebabEnum.TryParse<DocumentType>(name, out var parsed) ? parsed : null;
        var verdict = AccessPolicy.Decide(state,
            // Evaluated as the decision was: about now, but not before the last change it saw (AccessDecisionService).
            new AccessQuestion(new ProviderAccessFacts(provider.Value, [.. institutions]), documentType, replayed.NotBeforeLastChange(logged.At), logged.BreakTheGlass), matrix);
        var reevaluated = new DecisionOutcome(verdict.Permit ? "permit" : "deny", verdict.Reasons);
        var same = reevaluated.Decision == logged.Decision && reevaluated.Reasons.SequenceEqual(logged.Reasons);
        return (new Explanation(logged, reevaluated, same), events.Count > 0 ? events[^1].Version : 0);
    }

    private async Task<LoggedDecision?> FindAsync(Inss patient, long id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            select id, logged_at, decided_for, provider, document_type, decision, reasons, break_the_glass, position
            from access_log where patient = $1 and id = $2
            """);
        command.Parameters.Add(Sql.Text(patient.Value));
        command.Parameters.Add(Sql.Value<long>(id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return new LoggedDecision(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2),
            reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetString(5), reader.GetFieldValue<string[]>(6),
            reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetInt64(8));
    }
}
