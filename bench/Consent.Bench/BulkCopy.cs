using Npgsql;
using NpgsqlTypes;
using Consent.Service.Patients;

namespace Consent.Bench;

/// <summary>
/// Writes a chunk of seeded streams with binary COPY into streams, events and inline_views, in one
/// transaction: the rows append_events would have written, without its per-stream round trip and
/// plpgsql. COPY writes the identity column <c>position</c> as given (as OVERRIDING SYSTEM VALUE
/// would); the caller numbers positions and moves the sequence past them. tx_id and created_at take
/// their defaults, as in an append.
/// </summary>
internal static class BulkCopy
{
    public static async Task WriteAsync(NpgsqlConnection connection, IReadOnlyList<SeededStream> streams, long firstPosition)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var writer = await connection.BeginBinaryImportAsync(
            "copy streams (stream_id, version, last_recorded_at, head_hash) from stdin (format binary)"))
        {
            foreach (var stream in streams)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(stream.StreamId, NpgsqlDbType.Text);
                await writer.WriteAsync(stream.Version, NpgsqlDbType.Bigint);
                await writer.WriteAsync(stream.RecordedAt.UtcDateTime, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(stream.HeadHash, NpgsqlDbType.Bytea);
            }
            await writer.CompleteAsync();
        }

        var lastPositions = new long[streams.Count];
        await using (var writer = await connection.BeginBinaryImportAsync(
            "copy events (position, event_id, stream_id, version, type, data, metadata, recorded_at, hash) from stdin (format binary)"))
        {
            var position = firstPosition;
            for (var s = 0; s < streams.Count; s++)
            {
                var stream = streams[s];
                foreach (var e in stream.Events)
                {
                    await writer.StartRowAsync();
                    await writer.WriteAsync(position, NpgsqlDbType.Bigint);
                    await writer.WriteAsync(e.EventId, NpgsqlDbType.Uuid);
                    await writer.WriteAsync(stream.StreamId, NpgsqlDbType.Text);
                    await writer.WriteAsync(e.Version, NpgsqlDbType.Bigint);
                    await writer.WriteAsync(e.Type, NpgsqlDbType.Text);
                    await writer.WriteAsync(e.Data, NpgsqlDbType.Jsonb);
                    await writer.WriteAsync(e.Metadata, NpgsqlDbType.Jsonb);
                    await writer.WriteAsync(stream.RecordedAt.UtcDateTime, NpgsqlDbType.TimestampTz);
                    await writer.WriteAsync(e.Hash, NpgsqlDbType.Bytea);
                    position++;
                }
                lastPositions[s] = position - 1;
            }
            await writer.CompleteAsync();
        }

        await using (var writer = await connection.BeginBinaryImportAsync(
            "copy inline_views (stream_id, view_type, version, position, recorded_at, state) from stdin (format binary)"))
        {
            for (var s = 0; s < streams.Count; s++)
            {
                var stream = streams[s];
                await writer.StartRowAsync();
                await writer.WriteAsync(stream.StreamId, NpgsqlDbType.Text);
                await writer.WriteAsync(PatientStreams.ViewType, NpgsqlDbType.Text);
                await writer.WriteAsync(stream.Version, NpgsqlDbType.Bigint);
                await writer.WriteAsync(lastPositions[s], NpgsqlDbType.Bigint);
                await writer.WriteAsync(stream.RecordedAt.UtcDateTime, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(stream.ViewState, NpgsqlDbType.Jsonb);
            }
            await writer.CompleteAsync();
        }
        await transaction.CommitAsync();
    }
}
