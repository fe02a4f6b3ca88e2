using System.Globalization;
using Consent.Service.EventStore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Consent.Service.Providers;

/// <summary>
/// The command line import: <c>dotnet Consent.Service.dll import-providers &lt;file.csv&gt;</c>, with the
/// service's own configuration (appsettings.json, then ConnectionStrings__Consent or
/// --ConnectionStrings:Consent=...). Applies the schema, reads and imports the file with a progress
/// display on stderr, and prints the report on stdout. Exit codes: 0 applied, 1 refused (nothing
/// written), 2 usage or set-up error (no file, no connection string, database unreachable).
/// </summary>
public static class ProviderImportCommand
{
    public const int Applied = 0;
    public const int Refused = 1;
    public const int UsageError = 2;

    private const string Usage =
        "usage: dotnet Consent.Service.dll import-providers <file.csv> [--ConnectionStrings:Consent=...]\n" +
        "       (or set ConnectionStrings__Consent). File format: nihdi;firstName;lastName;qualification;city;institutions";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 1 || args[0].StartsWith('-'))
        {
            Console.Error.WriteLine(Usage);
            return UsageError;
        }
        if (!File.Exists(args[0]))
        {
            Console.Error.WriteLine($"{args[0]}: no such file.\n{Usage}");
            return UsageError;
        }
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args[1..])
            .Build();
        if (configuration.GetConnectionString("Consent") is not { Length: > 0 } connectionString)
        {
            Console.Error.WriteLine($"ConnectionStrings__Consent is not set.\n{Usage}");
            return UsageError;
        }

        try
        {
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
            var report = await ImportProgress.RunAsync(args[0], new ProviderImport(dataSource));
            return Print(report);
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            // A wrong connection string or an unreachable database: say so without a stack trace.
            Console.Error.WriteLine($"import-providers failed: {e.Message}");
            return UsageError;
        }
    }

    private static int Print(ImportReport report)
    {
        var culture = CultureInfo.InvariantCulture;
        if (report.Applied)
        {
            Console.WriteLine(string.Create(culture, $"imported {report.Imported:N0} providers"));
            return Applied;
        }
        Console.WriteLine(string.Create(culture, $"refused: {report.RefusedCount:N0} line(s); nothing was imported"));
        foreach (var line in report.Refused)
        {
            Console.WriteLine(string.Create(culture, $"  line {line.Line}: {line.Reason}"));
        }
        if (report.RefusedCount > report.Refused.Count)
        {
            Console.WriteLine(string.Create(culture, $"  ... and {report.RefusedCount - report.Refused.Count:N0} more"));
        }
        return Refused;
    }
}
