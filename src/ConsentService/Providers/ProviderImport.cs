using Consent.Service.Caching;
using Npgsql;

namespace Consent.Service.Providers;

/// <summary>
/// The outcome of an import: how many providers the file stated (all written when applied), the refused
/// lines (the first <see cref="ProviderImport.MaxListed"/>; <c>RefusedCount</c> counts them all), and
/// whether anything was written.
/// </summary>
public sealed record ImportReport(int Imported, IReadOnlyList<RefusedLine> Refused, int RefusedCount, bool Applied);

/// <summary>
/// Imports a provider file: an idempotent upsert of every provider it states, in one transaction, or
/// nothing at all when any line is refused (a half-applied directory is worse than an old one).
/// </summary>
/// <param name="servedFrom">
/// The running service's map of who works where, when the import runs in the service: it is dropped as soon as the
/// import commits, so that the next decision this service answers sees the import (the commit's notification,
/// which every replica acts on, may come back a moment after the admin's answer).
/// </param>
/// <param name="recordsServed">The running service's directory records, dropped with the map for the same reason.</param>
public sealed class ProviderImport(NpgsqlDataSource dataSource, ProviderInstitutions? servedFrom = null, ProviderRecords? recordsServed = null)
{
    /// <summary>A file in the wrong format refuses every line: the report lists enough to see why, not all.</summary>
    public const int MaxListed = 1_000;

    private const int Chunk = 5_000;

    public async Task<ImportReport> ImportAsync(TextReader file, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken) =>
        await ApplyAsync(await ProviderCsv.ParseAsync(file, cancellationToken), progress, cancellationToken);

    public async Task<ImportReport> ApplyAsync(ProviderFile parsed, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        if (parsed.Refused.Count > 0)
        {
            return new ImportReport(0, [.. parsed.Refused.Take(MaxListed)], parsed.Refused.Count, Applied: false);
        }
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        progress?.Report((0, parsed.Providers.Count));
        for (var done = 0; done < parsed.Providers.Count; done += Chunk)
        {
            var chunk = parsed.Providers.Skip(done).Take(Chunk).ToList();
            await ProviderWriter.UpsertAsync(connection, transaction, chunk, cancellationToken);
            progress?.Report((done + chunk.Count, parsed.Providers.Count));
        }
        await ProviderWriter.CommitAsync(connection, transaction, parsed.Providers, cancellationToken);
        servedFrom?.Invalidate();
        recordsServed?.Invalidate();
        if (parsed.Providers.Count >= BulkSize)
        {
            await RefreshSearchStatisticsAsync(connection, cancellationToken);
        }
        return new ImportReport(parsed.Providers.Count, [], 0, Applied: true);
    }

    /// <summary>From this many rows an import changes the table enough to refresh what search plans rely on.</summary>
    public const int BulkSize = 1_000;

    // A bulk insert leaves the trigram index's new entries in its GIN pending list and the planner's row
    // counts stale until autovacuum comes by; meanwhile the planner prices the index high and may read the
    // whole table for a name search. Merging the list and analysing now keeps searches on the index.
    private static async Task RefreshSearchStatisticsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand("analyze providers, provider_institutions"),
                    new NpgsqlBatchCommand("select gin_clean_pending_list('providers_search_name_trgm'::regclass)"),
                },
            };
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            // A role that does not own the tables cannot do this: autovacuum will, a little later.
        }
    }
}
