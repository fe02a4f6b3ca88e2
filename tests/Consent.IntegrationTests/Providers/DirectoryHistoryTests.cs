using Consent.Contracts.Identifiers;
using Consent.IntegrationTests.Infrastructure;
using Consent.Service.EventStore;
using Consent.Service.Providers;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Consent.IntegrationTests.Providers;

/// <summary>
/// The directory's history says where a provider worked at an instant as decisions then saw it: a change
/// takes effect when its import commits, not when the import's transaction began.
/// </summary>
public sealed class DirectoryHistoryTests
{
    private static readonly ProviderId AzDelta = Id(Demo.AzDelta);
    private static readonly ProviderId UzGent = Id(Demo.UzGent);

    [Fact]
    public async Task A_change_written_by_a_long_import_starts_when_it_is_recorded_not_when_the_import_began()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestDatabases.CreateAsync("directory_history"));
        await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        var staff = new Provider(Nihdi.Parse($"170001{ProviderId.CheckDigitsMod97(170001):D2}003"), "Audit", "History",
            Profession.Physician, "003", "Gent", [AzDelta]);
        await WriteAsync(dataSource, staff);

        // An import that runs a while: a decision made meanwhile still sees the staff member at AZ Delta.
        DateTimeOffset whileImporting;
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await new NpgsqlCommand("select 1", connection, transaction).ExecuteScalarAsync();
            await Task.Delay(200);
            whileImporting = DateTimeOffset.UtcNow;
            await Task.Delay(50);
            var moved = staff with { Institutions = [UzGent] };
            await ProviderWriter.UpsertAsync(connection, transaction, [moved]);
            await ProviderWriter.CommitAsync(connection, transaction, [moved]);
        }

        var history = new DirectoryHistory(dataSource);
        Assert.Equal([AzDelta], await history.InstitutionsAtAsync(staff.Nihdi.Identity, whileImporting, CancellationToken.None));
        Assert.Equal([UzGent], await history.InstitutionsAtAsync(staff.Nihdi.Identity, DateTimeOffset.UtcNow, CancellationToken.None));
        // The closed period ends exactly where the next one starts.
        await using var periods = dataSource.CreateCommand(
            "select count(*) from provider_history a join provider_history b on a.valid_to = b.valid_from where a.provider = $1 and b.provider = $1");
        periods.Parameters.AddWithValue(staff.Nihdi.Identity.Value);
        Assert.Equal(1L, await periods.ExecuteScalarAsync());
    }

    private static async Task WriteAsync(NpgsqlDataSource dataSource, Provider provider)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ProviderWriter.UpsertAsync(connection, transaction, [provider]);
        await ProviderWriter.CommitAsync(connection, transaction, [provider]);
    }

    private static ProviderId Id(string nihdi) => ProviderId.TryParse(nihdi, out var id) ? id.Value : throw new InvalidOperationException(nihdi);
}
