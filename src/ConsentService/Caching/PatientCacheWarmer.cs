using Consent.Service.EventStore;
using Consent.Service.Patients;
using Npgsql;

namespace Consent.Service.Caching;

/// <summary>
/// Fills the patient cache from the inline read models once notifications flow, so that the first
/// decisions after a start do not all pay a database round trip. States announced as changed during
/// the scan are not overwritten (the cache keeps the newer tombstone).
/// </summary>
public sealed class PatientCacheWarmer(NpgsqlDataSource dataSource, PatientStateCache cache, IConfiguration configuration, ILogger<PatientCacheWarmer> logger)
{
    public async Task WarmAsync(CancellationToken cancellationToken)
    {
        var limit = configuration.GetValue("Cache:WarmPatients", 100_000);
        if (limit <= 0)
        {
            return;
        }
        try
        {
            await ScanAsync(limit, cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException)
        {
            logger.LogWarning("Patient cache warm-up stopped: {Message}", e.Message);
        }
    }

    private async Task ScanAsync(int limit, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var epoch = cache.Epoch;
        var count = 0;
        await using var command = dataSource.CreateCommand(
            "select stream_id, version, position, state from inline_views where view_type = $1 order by recorded_at desc limit $2");
        command.Parameters.Add(Sql.Text(PatientStreams.ViewType));
        command.Parameters.Add(Sql.Value<int>(limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            cache.Offer(reader.GetString(0), PatientViews.FromRow(reader, 1), epoch);
            count++;
        }
        logger.LogInformation("Patient cache warmed with {Count} patients in {Elapsed} ms", count, started.ElapsedMilliseconds);
    }
}
