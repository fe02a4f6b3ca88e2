using Npgsql;

namespace Consent.IntegrationTests.Infrastructure;

/// <summary>Fresh, empty databases on the suite's PostgreSQL, for tests that need a schema of their own.</summary>
public static class TestDatabases
{
    public static async Task<string> CreateAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}";
        // Unpooled: a pooled connection may be a dead one from before another test restarted PostgreSQL.
        var unpooled = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresConnectionString) { Pooling = false }.ConnectionString;
        await using (var admin = new NpgsqlConnection(unpooled))
        {
            await admin.OpenAsync();
            await using var command = new NpgsqlCommand($"create database {name} owner consent", admin);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>A data source on the shared database with the schema applied by a started service.</summary>
    public static NpgsqlDataSource Shared() => NpgsqlDataSource.Create(TestEnvironment.PostgresConnectionString);
}
