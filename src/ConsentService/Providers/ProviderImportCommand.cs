using Consent.Service.EventStore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Consent.Service.Providers;

/// <summary>
/// The command line import: `Consent.Service import-providers &lt;file.csv&gt;`, with the service's own
/// configuration (ConnectionStrings__Consent). Applies the schema, imports with a progress line, prints
/// the report. Exit codes: 0 applied, 1 refused, 2 usage or set-up error.
/// </summary>
public static class ProviderImportCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 1 || !File.Exists(args[0]))
        {
            Console.Error.WriteLine("usage: Consent.Service import-providers <file.csv>   (ConnectionStrings__Consent names the database)");
            return 2;
        }
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args[1..])
            .Build();
        if (configuration.GetConnectionString("Consent") is not { Length: > 0 } connectionString)
        {
            Console.Error.WriteLine("ConnectionStrings__Consent is not set.");
            return 2;
        }

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        using var file = new StreamReader(args[0], System.Text.Encoding.UTF8);
        var progress = new Progress<(int Done, int Total)>(p =>
            Console.Error.Write($"\rimporting {p.Done:N0} / {p.Total:N0} providers ({100.0 * p.Done / p.Total:F0}%)"));
        var report = await new ProviderImport(dataSource).ImportAsync(file, progress, CancellationToken.None);
        Console.Error.WriteLine();

        if (report.Applied)
        {
            Console.WriteLine($"imported {report.Imported:N0} providers");
            return 0;
        }
        Console.WriteLine($"refused: {report.Refused.Count} line(s); nothing was imported");
        foreach (var line in report.Refused)
        {
            Console.WriteLine($"  line {line.Line}: {line.Reason}");
        }
        return 1;
    }
}
