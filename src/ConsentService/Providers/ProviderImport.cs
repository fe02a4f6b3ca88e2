using Npgsql;

namespace Consent.Service.Providers;

/// <summary>The outcome of an import: how many providers were written, which lines were refused, whether anything was applied.</summary>
public sealed record ImportReport(int Imported, IReadOnlyList<RefusedLine> Refused, bool Applied);

/// <summary>
/// Imports a provider file: an idempotent upsert of every provider it states, in one transaction, or
/// nothing at all when any line is refused (a half-applied directory is worse than an old one).
/// </summary>
public sealed class ProviderImport(NpgsqlDataSource dataSource)
{
    private const int Chunk = 5_000;

    public async Task<ImportReport> ImportAsync(TextReader file, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        var parsed = ProviderCsv.Parse(file);
        if (parsed.Refused.Count > 0)
        {
            return new ImportReport(0, parsed.Refused, Applied: false);
        }
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        for (var done = 0; done < parsed.Providers.Count; done += Chunk)
        {
            var chunk = parsed.Providers.Skip(done).Take(Chunk).ToList();
            await ProviderWriter.UpsertAsync(connection, transaction, chunk, cancellationToken);
            progress?.Report((done + chunk.Count, parsed.Providers.Count));
        }
        await transaction.CommitAsync(cancellationToken);
        return new ImportReport(parsed.Providers.Count, [], Applied: true);
    }
}
