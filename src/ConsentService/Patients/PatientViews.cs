using System.Text.Json;
using Consent.Contracts.Identifiers;
using Consent.Service.EventStore;
using Npgsql;

namespace Consent.Service.Patients;

/// <summary>
/// Reads a patient's state: now from the inline read model, or as recorded at an instant by replay.
/// The one reader of inline_views' columns: every query selects <see cref="Columns"/> and reads them with <see cref="FromRow"/>.
/// </summary>
public sealed class PatientViews(NpgsqlDataSource dataSource, PostgresEventStore store)
{
    /// <summary>The columns FromRow reads, in its order.</summary>
    public const string Columns = "version, position, recorded_at, state";

    /// <summary>The current state: one primary-key read of the row the last append wrote.</summary>
    public async Task<PatientSnapshot> LoadAsync(Inss patient, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"select {Columns} from inline_views where stream_id = $1");
        command.Parameters.Add(Sql.Text(PatientStreams.IdOf(patient)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? FromRow(reader, 0) : PatientSnapshot.Initial;
    }

    /// <summary>The state exactly as it had been recorded at <paramref name="at"/>: later events are not seen.</summary>
    public async Task<PatientSnapshot> AsRecordedAtAsync(Inss patient, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var events = await store.ReadStreamAsync(PatientStreams.IdOf(patient), recordedUpTo: at, cancellationToken: cancellationToken);
        return PatientReplay.Fold(events);
    }

    /// <summary>Reads <see cref="Columns"/> starting at column <paramref name="first"/>.</summary>
    public static PatientSnapshot FromRow(NpgsqlDataReader reader, int first) => new(
        StateOf(reader.GetString(first + 3)),
        reader.GetInt64(first),
        reader.GetInt64(first + 1),
        reader.GetFieldValue<DateTimeOffset>(first + 2));

    /// <summary>The state column's JSON as a state (the bench's cache-footprint builds its snapshots with it too).</summary>
    public static PatientState StateOf(string json) => JsonSerializer.Deserialize<PatientState>(json, StoreJson.Options)!;
}
