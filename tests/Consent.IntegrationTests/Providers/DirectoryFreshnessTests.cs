using Consent.Contracts.Identifiers;
using Consent.IntegrationTests.Infrastructure;
using Consent.Service.Caching;
using Consent.Service.EventStore;
using Consent.Service.Providers;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Consent.IntegrationTests.Providers;

/// <summary>
/// Once the admin's import is answered, the service that took it decides with the new directory. Its map of
/// who works where is otherwise dropped when the import's notification comes back, which can be a moment
/// after the answer: a physician who just left a hospital would be let in through it meanwhile.
/// </summary>
public sealed class DirectoryFreshnessTests
{
    private static readonly ProviderId AzDelta = ProviderId.TryParse(Demo.AzDelta, out var id) ? id.Value : throw new InvalidOperationException();

    [Fact]
    public async Task An_import_drops_the_service_s_map_of_who_works_where_before_it_is_answered()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestDatabases.CreateAsync("directory_freshness"));
        await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        var staff = StaffMembers.Next("Freshness") with { Institutions = [AzDelta] };
        // No commit listener runs here: nothing but the import itself can drop the map. It is served as when the
        // listener hears directory writes.
        var institutions = new ProviderInstitutions(dataSource);
        institutions.Listening(true);
        var import = new ProviderImport(dataSource, institutions);
        Assert.True((await import.ApplyAsync(new ProviderFile([staff], []), null, CancellationToken.None)).Applied);
        await institutions.ReloadAsync(CancellationToken.None);
        Assert.True(institutions.TryGet(staff.Nihdi.Identity, out var before));
        Assert.Equal([AzDelta], before);

        Assert.True((await import.ApplyAsync(new ProviderFile([staff with { Institutions = [] }], []), null, CancellationToken.None)).Applied);

        // Dropped: the decision reads the directory instead (AccessSnapshots), and the next reload has the import.
        Assert.False(institutions.TryGet(staff.Nihdi.Identity, out _));
        await institutions.ReloadAsync(CancellationToken.None);
        Assert.True(institutions.TryGet(staff.Nihdi.Identity, out var after));
        Assert.Empty(after);
    }

    [Fact]
    public async Task Without_directory_notifications_the_map_of_who_works_where_is_not_served()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestDatabases.CreateAsync("directory_unheard"));
        await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        var staff = StaffMembers.Next("Unheard") with { Institutions = [AzDelta] };
        Assert.True((await new ProviderImport(dataSource).ApplyAsync(new ProviderFile([staff], []), null, CancellationToken.None)).Applied);
        var institutions = new ProviderInstitutions(dataSource);
        institutions.Listening(true);
        await institutions.ReloadAsync(CancellationToken.None);
        Assert.True(institutions.TryGet(staff.Nihdi.Identity, out _));

        // The listener lost its connection: an import elsewhere would go unheard, so no map is served, even one
        // loaded meanwhile, and decisions read the directory (AccessSnapshots).
        institutions.Listening(false);
        Assert.False(institutions.TryGet(staff.Nihdi.Identity, out _));
        await institutions.ReloadAsync(CancellationToken.None);
        Assert.False(institutions.TryGet(staff.Nihdi.Identity, out _));

        institutions.Listening(true);
        Assert.False(institutions.TryGet(staff.Nihdi.Identity, out _));
        await institutions.ReloadAsync(CancellationToken.None);
        Assert.True(institutions.TryGet(staff.Nihdi.Identity, out var after));
        Assert.Equal([AzDelta], after);
    }

    [Fact]
    public async Task An_import_drops_the_service_s_directory_records_before_it_is_answered()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestDatabases.CreateAsync("directory_records"));
        await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        var staff = StaffMembers.Next("Records") with { Institutions = [AzDelta] };
        // As the commit listener leaves them once it hears directory writes; none runs here, so only the import drops them.
        var records = new ProviderRecords();
        records.Listening(true);
        var directory = new ProviderDirectory(dataSource, records);
        var import = new ProviderImport(dataSource, recordsServed: records);
        Assert.True((await import.ApplyAsync(new ProviderFile([staff], []), null, CancellationToken.None)).Applied);
        Assert.Equal([AzDelta], (await directory.FindAsync(staff.Nihdi.Identity))!.Institutions);
        Assert.True(records.TryGet(staff.Nihdi.Identity, out _));

        Assert.True((await import.ApplyAsync(new ProviderFile([staff with { Institutions = [] }], []), null, CancellationToken.None)).Applied);

        Assert.False(records.TryGet(staff.Nihdi.Identity, out _));
        Assert.Empty((await directory.FindAsync(staff.Nihdi.Identity))!.Institutions);
    }
}
