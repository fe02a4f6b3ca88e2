using Consent.Service.EventStore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Consent.Service.Auditing;

/// <summary>
/// The database of an operator's command, found as the service finds it (appsettings.json, then
/// ConnectionStrings__Consent or --ConnectionStrings:Consent=...), with the schema applied.
/// </summary>
public static class CommandDatabase
{
    public static async Task<NpgsqlDataSource?> OpenAsync(string[] settings, string usage)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(settings)
            .Build();
        if (configuration.GetConnectionString("Consent") is not { Length: > 0 } connectionString)
        {
            Console.Error.WriteLine($"ConnectionStrings__Consent is not set.\n{usage}");
            return null;
        }
        var dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
            return dataSource;
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }
    }
}
