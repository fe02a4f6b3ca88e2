using Consent.Service.EventStore;

namespace Consent.Service.Hosting;

/// <summary>
/// Applies the schema when the service starts, retrying while the database is not reachable yet
/// (replicas may start before it). Readiness stays false until it succeeded.
/// </summary>
public sealed class SchemaStartup(SchemaMigrator migrator, StartupState state, IEnumerable<IAfterSchema> followUps, ILogger<SchemaStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await migrator.MigrateAsync(cancellationToken);
                break;
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException && attempt < 30 && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Database not reachable for schema migration (attempt {Attempt}): {Message}", attempt, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), cancellationToken);
            }
        }
        foreach (var followUp in followUps)
        {
            await followUp.RunAsync(cancellationToken);
        }
        state.MarkSchemaReady();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Work that needs the schema and must finish before the service is ready (demo seed).</summary>
public interface IAfterSchema
{
    Task RunAsync(CancellationToken cancellationToken);
}
