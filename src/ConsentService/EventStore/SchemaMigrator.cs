using Npgsql;

namespace Consent.Service.EventStore;

/// <summary>
/// Applies the embedded, ordered schema scripts once each. Several replicas start at once, so the
/// whole run holds a transaction-scoped advisory lock: the others wait, then find nothing to do.
/// </summary>
public sealed class SchemaMigrator(NpgsqlDataSource dataSource, ILogger<SchemaMigrator> logger)
{
    private const long LockKey = 0x436F6E73656E74; // "Consent"

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"select pg_advisory_xact_lock({LockKey})", cancellationToken);
        await ExecuteAsync(connection, transaction,
            "create table if not exists schema_versions (version int primary key, name text not null, applied_at timestamptz not null default now())",
            cancellationToken);

        var applied = new HashSet<int>();
        await using (var command = new NpgsqlCommand("select version from schema_versions", connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        foreach (var script in SchemaScripts.All().Where(s => !applied.Contains(s.Version)))
        {
            logger.LogInformation("Applying schema script {Version} {Name}", script.Version, script.Name);
            await ExecuteAsync(connection, transaction, script.Sql, cancellationToken);
            await using var record = new NpgsqlCommand("insert into schema_versions (version, name) values ($1, $2)", connection, transaction);
            record.Parameters.Add(Sql.Value<int>(script.Version));
            record.Parameters.Add(Sql.Text(script.Name));
            await record.ExecuteNonQueryAsync(cancellationToken);
            await Auditing.SchemaBackfills.AfterScriptAsync(script.Version, connection, transaction, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
