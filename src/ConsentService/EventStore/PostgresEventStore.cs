using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Consent.Service.Hosting;

namespace Consent.Service.EventStore;

/// <summary>Appends to and reads streams of the PostgreSQL event store.</summary>
public sealed class PostgresEventStore(NpgsqlDataSource dataSource)
{
    private const string VersionConflictState = "CV409";

    /// <summary>A repeat of the same Idempotency-Key that committed first: its caller replays that answer.</summary>
    public const string IdempotentRequestsTable = "idempotent_requests";

    private const string AppendSql =
        "select new_version, first_position, last_position from append_events($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

    // The events and the Idempotency-Key's answer commit together or not at all, as in one transaction.
    private const string AppendAndRememberSql =
        $$"""
        with appended as (
            select new_version, first_position, last_position from append_events($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
        ), remembered as (
            insert into {{IdempotentRequestsTable}} (principal, key, request_hash, status_code, headers, body)
            select $11, $12, $13, $14, jsonb_set($15::jsonb, '{{{IdempotencyRow.PositionHeader}}}', to_jsonb(last_position::text)), $16
            from appended
        )
        select new_version, first_position, last_position from appended
        """;

    /// <summary>
    /// Appends in one round trip. With <paramref name="transaction"/> the caller commits (to add its
    /// own writes, such as the bus message id); without it the append commits by itself.
    /// </summary>
    public async Task<AppendResult> AppendAsync(
        string streamId,
        long expectedVersion,
        DateTimeOffset recordedAt,
        IReadOnlyList<NewEvent> events,
        InlineView? view = null,
        NpgsqlTransaction? transaction = null,
        CancellationToken cancellationToken = default,
        IdempotencyRow? remember = null)
    {
        if (events.Count == 0)
        {
            throw new ArgumentException("An append needs at least one event.", nameof(events));
        }

        await using var command = transaction is null
            ? dataSource.CreateCommand()
            : new NpgsqlCommand { Connection = transaction.Connection, Transaction = transaction };
        command.CommandText = remember is null ? AppendSql : AppendAndRememberSql;
        // Hashed as stored: to the microsecond, metadata serialised once for the row and its hash.
        recordedAt = Auditing.StorePrecision.Truncate(recordedAt);
        var metadata = events.Select(e => JsonSerializer.SerializeToElement(e.Metadata, StoreJson.Options)).ToArray();
        command.Parameters.Add(Sql.Text(streamId));
        command.Parameters.Add(Sql.Value<long>(expectedVersion));
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = recordedAt.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(Sql.Value<Guid[]>([.. events.Select(e => e.EventId)]));
        command.Parameters.Add(Sql.Value<string[]>([.. events.Select(e => e.Type)]));
        command.Parameters.Add(Jsonb([.. events.Select(e => e.Data.GetRawText())]));
        command.Parameters.Add(Jsonb([.. metadata.Select(m => m.GetRawText())]));
        command.Parameters.Add(Sql.Nullable(view?.ViewType, NpgsqlDbType.Text));
        command.Parameters.Add(Sql.Nullable(view?.State.GetRawText(), NpgsqlDbType.Jsonb));
        command.Parameters.Add(Sql.Value<byte[][]>(
            [.. events.Select((e, i) => Auditing.EventCanonical.Of(e.EventId, streamId, expectedVersion + i + 1, e.Type, e.Data, metadata[i], recordedAt))]));
        if (remember is not null)
        {
            AddAnswer(command, remember);
        }

        using var span = ConsentDiagnostics.Start("eventstore.append");
        span?.SetTag("consent.expected_version", expectedVersion);
        span?.SetTag("consent.events", events.Count);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            ConsentDiagnostics.Appends.Add(1);
            return new AppendResult(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }
        catch (PostgresException e) when (e.SqlState is VersionConflictState
            || (e.SqlState is PostgresErrorCodes.UniqueViolation && e.TableName != IdempotentRequestsTable))
        {
            ConsentDiagnostics.Conflicts.Add(1);
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "version-conflict");
            // A unique violation on (stream, version) can only mean another writer won the race.
            throw new VersionConflictException(streamId, expectedVersion, e);
        }
    }

    /// <summary>Stores an Idempotency-Key's answer to a write that appended nothing.</summary>
    public async Task RememberAsync(IdempotencyRow answer, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"insert into {IdempotentRequestsTable} (principal, key, request_hash, status_code, headers, body) values ($1, $2, $3, $4, $5::jsonb, $6)");
        AddAnswer(command, answer);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // The answer's columns, in the order both statements take them.
    private static void AddAnswer(NpgsqlCommand command, IdempotencyRow answer)
    {
        command.Parameters.Add(Sql.Text(answer.Principal));
        command.Parameters.Add(Sql.Text(answer.Key));
        command.Parameters.Add(Sql.Text(answer.RequestHash));
        command.Parameters.Add(Sql.Value<int>(answer.StatusCode));
        command.Parameters.Add(Sql.Text(answer.HeadersJson));
        command.Parameters.Add(Sql.Nullable(answer.Body, NpgsqlDbType.Text));
    }

    /// <summary>Reads a stream in version order, optionally only up to a version or a recording instant.</summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(
        string streamId,
        long? upToVersion = null,
        DateTimeOffset? recordedUpTo = null,
        CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            select {EventRows.Columns}
            from events
            where stream_id = $1 and ($2::bigint is null or version <= $2) and ($3::timestamptz is null or recorded_at <= $3)
            order by version
            """);
        command.Parameters.Add(Sql.Text(streamId));
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)upToVersion ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)recordedUpTo?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return await EventRows.ReadAllAsync(command, cancellationToken);
    }

    private static NpgsqlParameter Jsonb(string[] values) =>
        new() { Value = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb };
}
