using Consent.Service.EventStore;
using Npgsql;
using NpgsqlTypes;

namespace Consent.Service.Access;

/// <summary>
/// Inserts one batch of access-log entries in a single round trip: one prepared statement over
/// arrays, on a connection kept for this purpose alone. Its implicit transaction's commit is the
/// durability point every waiting request is answered after. Keeping the connection (rather than
/// renting one from the pool per batch) keeps the statement prepared and PostgreSQL's work on one
/// warm backend, which is most of what a batch costs the database.
/// </summary>
internal sealed class AccessLogBatchInsert(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    // The batch chains onto the head of this flusher's own lane ($14, see 021_access_log_chain.sql);
    // $13 is the digest of its entries (AccessLogCanonical), whose ids follow the order it was taken in.
    private const string Sql =
        """
        with head as (
            update access_log_lanes set seq = seq + 1, hash = sha256(hash || $13) where lane = $14
            returning lane, seq, hash
        ), chained as (
            insert into access_log_batches (lane, seq, hash, entries)
            select lane, seq, hash, cardinality($1::text[]) from head
            returning id
        )
        insert into access_log (patient, logged_at, decided_for, provider, document_type, decision, reasons,
                                break_the_glass, review_required, requested_by, position, batch)
        select patient, logged_at, decided_for, provider, document_type, decision, string_to_array(reasons, ','),
               break_the_glass, review_required, by_kind || ':' || by_id, position, (select id from chained)
        from unnest($1::text[], $2::timestamptz[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[],
                    $8::text[], $9::boolean[], $10::text[], $11::text[], $12::bigint[]) with ordinality
             as e(patient, logged_at, decided_for, provider, document_type, decision, reasons,
                  break_the_glass, review_required, by_kind, by_id, position, n)
        order by n
        """;

    /// <summary>
    /// How long one batch may take before it fails and its callers are answered 503 unavailable. A
    /// database that stalls (a lock on access_log, a disk that stops) would otherwise hold every
    /// decision for Npgsql's default 30 s, and a new batch behind it for as long again: bounded, a
    /// decision is answered within about this time, and a timed-out batch is rolled back, so a
    /// decision answered 503 is never logged as given. Healthy batches take milliseconds.
    /// </summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    // A kept connection idle a second or more is checked before a batch rides on it: the database may have restarted
    // meanwhile, and a batch that fails on a dead connection would answer its callers 503 for nothing. Under
    // load batches follow each other closely and pay nothing for this.
    private static readonly TimeSpan IdleCheck = TimeSpan.FromSeconds(1);

    private NpgsqlConnection? connection;
    private NpgsqlCommand? command;
    private long lastUsed = System.Diagnostics.Stopwatch.GetTimestamp();

    public async Task InsertAsync(IReadOnlyList<AccessLogEntry> entries, CancellationToken cancellationToken)
    {
        if (command is not null && System.Diagnostics.Stopwatch.GetElapsedTime(lastUsed) > IdleCheck && !await IsAliveAsync(cancellationToken))
        {
            await DisposeAsync();
        }
        lastUsed = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var insert = command ?? await PrepareAsync(cancellationToken);
            Set(insert, 0, entries.Select(e => e.Patient));
            Set(insert, 1, entries.Select(e => e.LoggedAt.UtcDateTime));
            Set(insert, 2, entries.Select(e => e.DecidedFor.UtcDateTime));
            Set(insert, 3, entries.Select(e => e.Provider));
            Set(insert, 4, entries.Select(e => e.DocumentType));
            Set(insert, 5, entries.Select(e => e.Decision));
            Set(insert, 6, entries.Select(e => string.Join(',', e.Reasons)));
            Set(insert, 7, entries.Select(e => e.BreakTheGlass));
            Set(insert, 8, entries.Select(e => e.ReviewRequired));
            Set(insert, 9, entries.Select(e => e.RequestedByKind));
            Set(insert, 10, entries.Select(e => e.RequestedById));
            Set(insert, 11, entries.Select(e => e.Position));
            ((NpgsqlParameter<byte[]>)insert.Parameters[12]).TypedValue = Auditing.AccessLogCanonical.Digest(entries.Select(Auditing.AccessLogCanonical.Of));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        catch
        {
            // The connection may be broken or mid-failure: the next batch starts on a fresh one.
            await DisposeAsync();
            throw;
        }
    }

    private async Task<bool> IsAliveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var ping = new NpgsqlCommand("select 1", connection) { CommandTimeout = 2 };
            await ping.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (command is not null) { await command.DisposeAsync(); command = null; }
        if (connection is not null)
        {
            // The pool does not reset connections (ServiceSetup): give the lane back before this one returns to it.
            await SessionState.ReleaseAsync(connection, "select pg_advisory_unlock_all()");
            await connection.DisposeAsync();
            connection = null;
        }
    }

    private static void Set<T>(NpgsqlCommand insert, int index, IEnumerable<T> values) =>
        ((NpgsqlParameter<T[]>)insert.Parameters[index]).TypedValue = [.. values];

    private async Task<NpgsqlCommand> PrepareAsync(CancellationToken cancellationToken)
    {
        connection = await dataSource.OpenConnectionAsync(cancellationToken);
        int lane;
        await using (var claim = new NpgsqlCommand("select claim_access_log_lane()", connection))
        {
            lane = (int)(await claim.ExecuteScalarAsync(cancellationToken))!;
        }
        var prepared = new NpgsqlCommand(Sql, connection) { CommandTimeout = (int)Timeout.TotalSeconds };
        prepared.Parameters.Add(new NpgsqlParameter<string[]>());
        prepared.Parameters.Add(Timestamps());
        prepared.Parameters.Add(Timestamps());
        prepared.Parameters.Add(new NpgsqlParameter<string[]>());
        prepared.Parameters.Add(new NpgsqlParameter<string?[]>());
        prepared.Parameters.Add(new NpgsqlParameter<string[]>());
        prepared.Parameters.Add(new NpgsqlParameter<string[]>());
        prepared.Parameters.Add(new NpgsqlParameter<string?[]>());
        prepared.Parameters.Add(new NpgsqlParameter<bool[]>());
        prepared.Parameters.Add(new NpgsqlParameter<string[]>());
        prepared.Parameters.Add(new NpgsqlParameter<string[]>());
        prepared.Parameters.Add(new NpgsqlParameter<long[]>());
        prepared.Parameters.Add(new NpgsqlParameter<byte[]>());
        prepared.Parameters.Add(new NpgsqlParameter<int> { TypedValue = lane });
        await prepared.PrepareAsync(cancellationToken);
        return command = prepared;
    }

    // A prepared statement needs the array's element type before any value is set.
    private static NpgsqlParameter<DateTime[]> Timestamps() =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz };
}
