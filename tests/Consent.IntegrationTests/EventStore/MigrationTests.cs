using Consent.IntegrationTests.Infrastructure;

namespace Consent.IntegrationTests.EventStore;

/// <summary>Several replicas start at once against one empty database: all of them must come up.</summary>
public sealed class MigrationTests
{
    [Fact]
    public async Task Two_service_instances_migrating_at_once_both_become_ready()
    {
        var connectionString = await TestDatabases.CreateAsync("migrate");
        using var first = new ServiceFactory(connectionString);
        using var second = new ServiceFactory(connectionString);

        await Task.WhenAll(Task.Run(first.WaitUntilReadyAsync), Task.Run(second.WaitUntilReadyAsync));

        await using var dataSource = Npgsql.NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("select count(*), count(distinct version) from schema_versions");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(Consent.Service.EventStore.SchemaScripts.All().Count, reader.GetInt64(0));
        Assert.Equal(reader.GetInt64(0), reader.GetInt64(1));
    }
}
