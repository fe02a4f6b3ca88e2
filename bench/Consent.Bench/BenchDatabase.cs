using Consent.Service.EventStore;
using Consent.Service.Providers;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Consent.Bench;

/// <summary>What both seeders do first: the service's schema, and the population's provider directory.</summary>
internal static class BenchDatabase
{
    public static async Task PrepareAsync(NpgsqlDataSource dataSource, BenchPopulation population)
    {
        await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ProviderWriter.UpsertAsync(connection, transaction, population.Providers);
        await ProviderWriter.CommitAsync(connection, transaction, population.Providers);
    }
}
