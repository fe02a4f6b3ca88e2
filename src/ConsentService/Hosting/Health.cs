using Npgsql;

namespace Consent.Service.Hosting;

/// <summary>Liveness says the process runs; readiness that the schema is applied and the database answers.</summary>
public static class Health
{
    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => TypedResults.Ok(new { status = "live" })).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/health/ready", async (NpgsqlDataSource dataSource, StartupState startup, CancellationToken cancellationToken) =>
        {
            if (!startup.SchemaReady)
            {
                return Problems.Result(503, "unavailable", "The schema is not applied yet.");
            }
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(2));
                await using var command = dataSource.CreateCommand("select 1");
                await command.ExecuteScalarAsync(timeout.Token);
                return TypedResults.Ok(new { status = "ready" });
            }
            catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
            {
                return Problems.Result(503, "unavailable", "The database cannot be reached.");
            }
        }).AllowAnonymous().ExcludeFromDescription();
    }
}

/// <summary>What start-up has achieved so far, for readiness and for work that must wait for the schema.</summary>
public sealed class StartupState
{
    private readonly TaskCompletionSource schemaApplied = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool SchemaReady => schemaApplied.Task.IsCompleted;

    /// <summary>Completes once the schema is applied (and its follow-ups have run).</summary>
    public Task WhenSchemaReady => schemaApplied.Task;

    public void MarkSchemaReady() => schemaApplied.TrySetResult();
}
