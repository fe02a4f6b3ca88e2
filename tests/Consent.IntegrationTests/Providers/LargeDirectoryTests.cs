using System.Diagnostics;
using System.Text;
using Consent.IntegrationTests.Infrastructure;
using Consent.Service.Providers;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Consent.IntegrationTests.Providers;

/// <summary>
/// A directory of 100,000 providers in a fresh database, imported from the command line: the import
/// finishes well within a minute, and search stays on its indexes.
/// </summary>
public sealed class LargeDirectoryTests(LargeDirectoryTests.EmptyDirectory service, ITestOutputHelper output) : IClassFixture<LargeDirectoryTests.EmptyDirectory>
{
    private const int Count = 100_000;

    [Fact]
    public async Task A_hundred_thousand_providers_import_in_time_and_search_finds_one_by_name_and_number_on_the_indexes()
    {
        var providers = SyntheticProviders.All(Count);
        using var file = new ProviderCli.TempFile(ProviderCsvWriter.ToCsv(providers));

        var clock = Stopwatch.StartNew();
        var (exit, cli) = await ProviderCli.RunAsync(service.ConnectionString, "import-providers", file.Path);
        clock.Stop();
        output.WriteLine($"import of {Count:N0} providers: {clock.Elapsed.TotalSeconds:F1} s");

        Assert.True(exit == 0, cli);
        Assert.Contains("imported 100,000 providers", cli, StringComparison.Ordinal);
        // A "not stuck" bound, generous for a busy 2-core machine; the speed itself is measured in bench/, not here.
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(5), $"the import took {clock.Elapsed}");
        await using var dataSource = NpgsqlDataSource.Create(service.ConnectionString);
        await using (var count = dataSource.CreateCommand("select count(*) from providers"))
        {
            Assert.Equal(Count, (long)(await count.ExecuteScalarAsync())!);
        }

        // A provider whose name no one else has, typed the other way round, without accents, in capitals.
        var wanted = providers.GroupBy(p => (p.FirstName, p.LastName)).First(g => g.Count() == 1 && g.Key.FirstName.Length > 0 && g.Key.LastName.Any(c => c > 127) && Unaccented(g.Key.LastName + g.Key.FirstName).All(char.IsAscii)).Single();
        var typed = $"{Unaccented(wanted.LastName)}, {Unaccented(wanted.FirstName)}".ToUpperInvariant();
        var byName = await (await service.ClientFor("patient", TestPatients.Next().Value).GetAsync($"/v1/providers?q={Uri.EscapeDataString(typed)}")).Json();
        Assert.Equal(wanted.Nihdi.Value, byName[0].Str("nihdi"));
        var byNumber = await (await service.ClientFor("his").GetAsync($"/v1/providers?q={wanted.Nihdi.Formatted}")).Json();
        Assert.Equal(wanted.Nihdi.Value, Assert.Single(byNumber.EnumerateArray()).Str("nihdi"));

        var search = new DirectorySearch(dataSource);
        Assert.Contains("providers_search_name_trgm", await PlanAsync(search, typed), StringComparison.Ordinal);
        Assert.Contains("providers_search_name_trgm", await PlanAsync(search, "dupr"), StringComparison.Ordinal);
        Assert.Contains("providers_nihdi_prefix", await PlanAsync(search, "1-000"), StringComparison.Ordinal);
        Assert.Contains("providers_pkey", await PlanAsync(search, wanted.Nihdi.Identity.Value), StringComparison.Ordinal);
    }

    /// <summary>EXPLAIN ANALYZE of the very statement a search runs, written to the test output.</summary>
    private async Task<string> PlanAsync(DirectorySearch search, string query)
    {
        await using var command = search.Command(query, 20);
        command.CommandText = "explain (analyze, costs off) " + command.CommandText;
        var plan = new StringBuilder();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.AppendLine(reader.GetString(0));
            }
        }
        output.WriteLine($"q={query}\n{plan}");
        return plan.ToString();
    }

    // Spelled out rather than Unicode normalisation, which the invariant-globalisation test host lacks.
    private static string Unaccented(string text) => string.Concat(text.Select(c => c switch
    {
        'é' or 'è' or 'ê' or 'ë' or 'É' => "e",
        'à' or 'â' or 'ä' or 'á' => "a",
        'ï' or 'î' or 'í' => "i",
        'ô' or 'ö' or 'ó' or 'Ö' or 'Ó' => "o",
        'ü' or 'û' => "u",
        'ç' => "c",
        _ => c.ToString(),
    }));

    /// <summary>A service on a fresh database without the demo directory: only what the test imports is there.</summary>
    public sealed class EmptyDirectory : ServiceFactory, IAsyncLifetime
    {
        public EmptyDirectory() : this(TestDatabases.CreateAsync("large_directory").GetAwaiter().GetResult()) { }

        private EmptyDirectory(string connectionString) : base(connectionString) => ConnectionString = connectionString;

        public string ConnectionString { get; }

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings) { ["Demo:Seed"] = "false" };

        public Task InitializeAsync() => WaitUntilReadyAsync();

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
    }
}
