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
    public Task<AppendResult> AppendAsync(
        string streamId,
        long expectedVersion,
        DateTimeOffset recordedAt,
        IReadOnlyList<NewEvent> events,
        InlineView? view = null,
        NpgsqlTransaction? transaction = null,
        CancellationToken cancellationToken = default,
        IdempotencyRow? remember = null) =>
        AppendAsync(PreparedAppend.Of(streamId, expectedVersion, recordedAt, events, view, remember), transaction, cancellationToken);

    /// <inheritdoc cref="AppendAsync(string, long, DateTimeOffset, IReadOnlyList{NewEvent}, InlineView?, NpgsqlTransaction?, CancellationToken, IdempotencyRow?)"/>
    public async Task<AppendResult> AppendAsync(PreparedAppend append, NpgsqlTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        await using var command = transaction is null
            ? dataSource.CreateCommand()
            : new NpgsqlCommand { Connection = transaction.Connection, Transaction = transaction };
        command.CommandText = append.Remember is null ? AppendSql : AppendAndRememberSql;
        command.Parameters.Add(Sql.Text(append.StreamId));
        command.Parameters.Add(Sql.Value<long>(append.ExpectedVersion));
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = append.RecordedAt.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(Sql.Value<Guid[]>(append.Ids));
        command.Parameters.Add(Sql.Value<string[]>(append.Types));
        command.Parameters.Add(Jsonb(append.Data));
        command.Parameters.Add(Jsonb(append.Metadata));
        command.Parameters.Add(Sql.Nullable(append.View?.ViewType, NpgsqlDbType.Text));
        command.Parameters.Add(Sql.Nullable(append.View?.State.GetRawText(), NpgsqlDbType.Jsonb));
        command.Parameters.Add(Sql.Value<byte[][]>(append.Canonical));
        if (append.Remember is { } remember)
        {
            AddAnswer(command, remember);
        }

        using var span = ConsentDiagnostics.Start("eventstore.append");
        span?.SetTag("consent.expected_version", append.ExpectedVersion);
        span?.SetTag("consent.events", append.Count);
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
            throw new VersionConflictException(append.StreamId, append.ExpectedVersion, e);
        }
        catch (PostgresException e) when (IsKeyUsed(e))
        {
            throw new IdempotencyKeyUsedException(e);
        }
    }

    /// <summary>Stores an Idempotency-Key's answer to a write that appended nothing.</summary>
    public async Task RememberAsync(IdempotencyRow answer, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"insert into {IdempotentRequestsTable} (principal, key, request_hash, status_code, headers, body) values ($1, $2, $3, $4, $5::jsonb, $6)");
        AddAnswer(command, answer);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (IsKeyUsed(e))
        {
            throw new IdempotencyKeyUsedException(e);
        }
    }

    private static bool IsKeyUsed(PostgresException e) =>
        e.SqlState is PostgresErrorCodes.UniqueViolation && e.TableName == IdempotentRequestsTable;

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

    internal static NpgsqlParameter Jsonb(string[] values) =>
        new() { Value = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb };
}
