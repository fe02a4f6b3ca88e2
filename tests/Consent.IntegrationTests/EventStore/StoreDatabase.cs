using Consent.IntegrationTests.Infrastructure;
using Consent.Service.EventStore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Consent.IntegrationTests.EventStore;

/// <summary>A fresh database with the schema applied, for the event store's conformance tests.</summary>
public sealed class StoreDatabase : IAsyncLifetime
{
    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public PostgresEventStore Store => new(DataSource);

    public async Task InitializeAsync()
    {
        var connectionString = await TestDatabases.CreateAsync("store");
        DataSource = NpgsqlDataSource.Create(connectionString);
        await new SchemaMigrator(DataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
    }

    public async Task DisposeAsync() => await DataSource.DisposeAsync();
}
