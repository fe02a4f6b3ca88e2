using Consent.IntegrationTests.Infrastructure;
using Npgsql;

namespace Consent.IntegrationTests.Faults;

/// <summary>
/// What one fault runs against: a fresh database on the suite's PostgreSQL, a vhost of its own on the
/// suite's broker, and the service processes it starts there. Disposing it kills every process it
/// started (also when the fault failed), deletes the vhost and drops the database.
/// </summary>
public sealed class FaultRig : IAsyncDisposable
{
    private readonly List<ServiceProcess> services = [];

    private FaultRig(string fault, string connectionString, FaultVhost vhost)
    {
        Fault = fault;
        ConnectionString = connectionString;
        Vhost = vhost;
        Database = NpgsqlDataSource.Create(connectionString);
    }

    public string Fault { get; }

    public string ConnectionString { get; }

    public FaultVhost Vhost { get; }

    /// <summary>The fault's database, for the checks (its pool may hold dead connections after a crash; Npgsql drops them).</summary>
    public NpgsqlDataSource Database { get; }

    public static async Task<FaultRig> CreateAsync(string fault)
    {
        var name = $"fault_{Guid.NewGuid():N}";
        await AdminAsync($"create database {name} owner consent");
        var connectionString = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresConnectionString) { Database = name }.ConnectionString;
        return new FaultRig(fault, connectionString, await FaultVhost.CreateAsync(fault));
    }

    /// <summary>A service process on this rig's database and vhost (not started yet).</summary>
    public ServiceProcess Service(string name, IReadOnlyDictionary<string, string>? extra = null)
    {
        var service = new ServiceProcess($"{Fault}/{name}", ConnectionString, Vhost.ServiceUri, extra);
        services.Add(service);
        return service;
    }

    /// <summary>A token of AZ Delta's hospital system, from the service's own /dev/token.</summary>
    public static async Task<string> HisTokenAsync(ServiceProcess service)
    {
        using var client = new HttpClient { BaseAddress = service.BaseAddress };
        var response = await client.PostJson("/dev/token", new { role = "his", institution = Demo.AzDelta });
        response.EnsureSuccessStatusCode();
        return (await response.Json()).Str("accessToken");
    }

    // Unpooled: another test may have stopped or crashed the server since, leaving dead connections in the pool.
    private static async Task AdminAsync(string sql)
    {
        var unpooled = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresConnectionString) { Pooling = false };
        await using var admin = new NpgsqlConnection(unpooled.ConnectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in services)
        {
            await service.DisposeAsync();
        }
        await Vhost.DisposeAsync();
        await Database.DisposeAsync();
        try
        {
            await AdminAsync($"drop database if exists {new NpgsqlConnectionStringBuilder(ConnectionString).Database} with (force)");
        }
        catch (NpgsqlException)
        {
            // Best effort: the suite's cluster is thrown away after the run.
        }
    }
}
