using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;

namespace Consent.Service.Access;

/// <summary>
/// Writes access-log entries durably without a round trip per decision: entries queue up while the
/// previous batch is being written, then go to PostgreSQL together in one COPY and one commit (group
/// commit). Each caller's task completes only once its entry is committed, so a decision is never
/// answered before it is logged.
/// </summary>
public sealed class AccessLogWriter(NpgsqlDataSource dataSource, ILogger<AccessLogWriter> logger) : BackgroundService
{
    private const int MaxBatch = 2000;

    private static readonly Meter Meter = new("Consent.AccessLog");
    private static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("consent.access_log.batch_size", "{entry}");
    private static readonly Histogram<double> FlushDuration = Meter.CreateHistogram<double>("consent.access_log.flush.duration", "s");

    private readonly Channel<(AccessLogEntry Entry, TaskCompletionSource Done)> queue =
        Channel.CreateBounded<(AccessLogEntry, TaskCompletionSource)>(new BoundedChannelOptions(50_000) { SingleReader = true });

    public async Task WriteAsync(IEnumerable<AccessLogEntry> entries, CancellationToken cancellationToken)
    {
        var pending = new List<Task>();
        foreach (var entry in entries)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await queue.Writer.WriteAsync((entry, done), cancellationToken);
            pending.Add(done.Task);
        }
        await Task.WhenAll(pending).WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<(AccessLogEntry Entry, TaskCompletionSource Done)>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync(stoppingToken))
        {
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                await FlushAsync(batch.Select(b => b.Entry), stoppingToken);
                batch.ForEach(b => b.Done.TrySetResult());
            }
            catch (Exception e)
            {
                // The callers answer 503: a decision that could not be logged is not given.
                logger.LogError(e, "Access log batch of {Count} entries failed", batch.Count);
                batch.ForEach(b => b.Done.TrySetException(e));
            }
            BatchSize.Record(batch.Count);
            FlushDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
            batch.Clear();
        }
    }

    private async Task FlushAsync(IEnumerable<AccessLogEntry> entries, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var copy = await connection.BeginBinaryImportAsync(
            "copy access_log (patient, logged_at, decided_for, provider, document_type, decision, reasons, break_the_glass, review_required, requested_by, position) from stdin (format binary)",
            cancellationToken))
        {
            foreach (var e in entries)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(e.Patient, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(e.LoggedAt.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(e.DecidedFor.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(e.Provider, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(copy, e.DocumentType, cancellationToken);
                await copy.WriteAsync(e.Decision, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(e.Reasons.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(copy, e.BreakTheGlass, cancellationToken);
                await copy.WriteAsync(e.ReviewRequired, NpgsqlDbType.Boolean, cancellationToken);
                await copy.WriteAsync(System.Text.Json.JsonSerializer.Serialize(new { kind = e.RequestedByKind, id = e.RequestedById }), NpgsqlDbType.Jsonb, cancellationToken);
                await copy.WriteAsync(e.Position, NpgsqlDbType.Bigint, cancellationToken);
            }
            await copy.CompleteAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await copy.WriteNullAsync(cancellationToken);
        }
        else
        {
            await copy.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);
        }
    }
}
