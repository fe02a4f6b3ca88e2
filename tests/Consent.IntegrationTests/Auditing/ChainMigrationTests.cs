using Consent.IntegrationTests.Infrastructure;
using Consent.Service.Auditing;
using Consent.Service.EventStore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Consent.IntegrationTests.Auditing;

/// <summary>A store that held events and access-log entries before the chains existed gets them chained by the migration.</summary>
public sealed class ChainMigrationTests
{
    [Fact]
    public async Task Events_and_access_log_entries_stored_before_the_chains_are_chained_in_order_by_the_migration()
    {
        var connectionString = await TestDatabases.CreateAsync("chain_migration");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await ApplyScriptsBeforeAsync(dataSource, 20);
        for (var n = 1; n <= 3; n++)
        {
            // The append as it was before script 020: no canonical bytes, no hash.
            await Execute(dataSource, $$$"""
                select * from append_events('patient-old-{{{n}}}', 0, '2026-01-0{{{n}}}T10:00:00.1234567Z', array[gen_random_uuid(), gen_random_uuid()],
                    array['consent-given', 'exclusion-added'],
                    array['{"consentType": "retrospective"}'::jsonb, '{"provider": "12345625004", "reason": "é\"\\n", "n": 1.50}'::jsonb],
                    array['{"actor": {"kind": "patient", "id": "x"}, "channel": "portal", "correlationId": "c"}'::jsonb,
                          '{"channel": "portal", "correlationId": "c", "actor": {"id": "x", "kind": "patient"}}'::jsonb], null, null)
                """);
        }
        await Execute(dataSource, """
            insert into access_log (patient, logged_at, decided_for, provider, document_type, decision, reasons, break_the_glass,
                                    review_required, requested_by, position)
            select 'p' || n, now(), now(), '12345625004', null, 'permit', array['therapeutic-relation'], null, false, 'his:71000139000', n
            from generate_series(1, 2500) n
            """);

        await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync();

        var verifier = new StreamVerifier(dataSource);
        var streams = new List<StreamIntegrity>();
        await foreach (var stream in verifier.CheckAllAsync())
        {
            streams.Add(stream);
        }
        Assert.Equal(3, streams.Count);
        Assert.All(streams, s => Assert.True(s.Verified, s.StreamId));
        Assert.All(streams, s => Assert.Equal(2, s.Version));
        var accessLog = await new AccessLogVerifier(dataSource).CheckAsync();
        Assert.True(accessLog.Verified, accessLog.Problem);
        Assert.Equal(3, accessLog.Batches);
        Assert.Equal(2500, accessLog.Entries);

        // The migrated store appends on: the next event chains onto the migrated head.
        await new PostgresEventStore(dataSource).AppendAsync("patient-old-1", 2, DateTimeOffset.UtcNow,
            [new NewEvent(Guid.NewGuid(), "consent-revoked", System.Text.Json.JsonDocument.Parse("{}").RootElement, new EventMetadata(new ActorRef("patient", "x"), "portal", "c"))]);
        var appended = await verifier.CheckAsync("patient-old-1");
        Assert.True(appended.Verified);
        Assert.Equal(3, appended.Version);
    }

    private static async Task ApplyScriptsBeforeAsync(NpgsqlDataSource dataSource, int version)
    {
        await Execute(dataSource, "create table schema_versions (version int primary key, name text not null, applied_at timestamptz not null default now())");
        foreach (var script in SchemaScripts.All().Where(s => s.Version < version))
        {
            await Execute(dataSource, script.Sql);
            await Execute(dataSource, $"insert into schema_versions (version, name) values ({script.Version}, '{script.Name}')");
        }
    }

    private static async Task Execute(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
