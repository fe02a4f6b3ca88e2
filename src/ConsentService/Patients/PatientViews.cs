using System.Text.Json;
using Consent.Contracts.Identifiers;
using Consent.Service.EventStore;
using Npgsql;

namespace Consent.Service.Patients;

/// <summary>Reads a patient's state: now from the inline read model, or as recorded at an instant by replay.</summary>
public sealed class PatientViews(NpgsqlDataSource dataSource, PostgresEventStore store)
{
    /// <summary>The current state: one primary-key read of the row the last append wrote.</summary>
    public async Task<PatientState> LoadAsync(Inss patient, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("select version, position, state from inline_views where stream_id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = PatientStreams.IdOf(patient) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? FromRow(reader, 0) : PatientState.Initial;
    }

    /// <summary>The state exactly as it had been recorded at <paramref name="at"/>: later events are not seen.</summary>
    public async Task<PatientState> AsRecordedAtAsync(Inss patient, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var events = await store.ReadStreamAsync(PatientStreams.IdOf(patient), recordedUpTo: at, cancellationToken: cancellationToken);
        return PatientEvolution.Fold(events);
    }

    /// <summary>The state after the first <paramref name="version"/> events.</summary>
    public async Task<PatientState> AtVersionAsync(Inss patient, long version, CancellationToken cancellationToken = default)
    {
        var events = await store.ReadStreamAsync(PatientStreams.IdOf(patient), upToVersion: version, cancellationToken: cancellationToken);
        return PatientEvolution.Fold(events);
    }

    /// <summary>Reads a state column of inline_views with its version and position columns before it.</summary>
    public static PatientState FromRow(NpgsqlDataReader reader, int first) =>
        JsonSerializer.Deserialize<PatientState>(reader.GetString(first + 2), StoreJson.Options)! with
        {
            // The position is only known once the append ran; the row's column has it.
            Version = reader.GetInt64(first),
            Position = reader.GetInt64(first + 1),
        };
}
