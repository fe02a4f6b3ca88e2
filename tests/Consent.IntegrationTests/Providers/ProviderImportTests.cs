using System.Diagnostics;
using System.Net;
using System.Text;
using Consent.IntegrationTests.Infrastructure;
using Consent.Service.Providers;
using Npgsql;

namespace Consent.IntegrationTests.Providers;

/// <summary>The admin's directory import, over REST and from the command line, on a database of its own.</summary>
public sealed class ProviderImportTests : IClassFixture<ProviderImportTests.DirectoryService>
{
    private readonly DirectoryService service;

    public ProviderImportTests(DirectoryService service) => this.service = service;

    private static string Csv(IEnumerable<Provider> providers) =>
        "nihdi;firstName;lastName;city;institutions\n" + string.Join('\n', providers.Select(p =>
            $"{p.Nihdi.Formatted};{p.FirstName};\"{p.LastName}\";{p.City};{string.Join('|', p.Institutions.Select(i => i.Value))}"));

    private Task<HttpResponseMessage> UploadAsync(string csv, string role = "admin", string type = "text/csv")
    {
        var content = new StringContent(csv, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(type);
        return service.ClientFor(role).PostAsync("/v1/providers/import", content);
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(service.ConnectionString);
        await using var command = dataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_valid_file_is_imported_and_importing_it_again_changes_nothing()
    {
        var providers = DemoProviders.All(400).Skip(300).ToList();
        var csv = Csv(providers);

        var first = await UploadAsync(csv);
        var second = await UploadAsync(csv);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(100, (await first.Json()).GetProperty("imported").GetInt32());
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var numbers = string.Join(',', providers.Select(p => $"'{p.Nihdi.Identity}'"));
        Assert.Equal(100, await CountAsync($"select count(*) from providers where identity in ({numbers})"));
    }

    [Fact]
    public async Task A_file_with_bad_lines_is_refused_whole_with_their_line_numbers()
    {
        var providers = DemoProviders.All(520).Skip(500).ToList();
        var csv = Csv(providers) + "\n12345626004;Bad;Number;;\n" + $"{providers[0].Nihdi.Value};Twice;Listed;;";

        var response = await UploadAsync(csv);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("invalid-import", await response.ProblemCode());
        var refused = (await response.Json()).GetProperty("report").GetProperty("refused").EnumerateArray().Select(r => r.GetProperty("line").GetInt32());
        Assert.Equal([22, 23], refused);
        var numbers = string.Join(',', providers.Select(p => $"'{p.Nihdi.Identity}'"));
        Assert.Equal(0, await CountAsync($"select count(*) from providers where identity in ({numbers})"));
    }

    [Theory]
    [InlineData("patient", "text/csv", 403, "forbidden")]
    [InlineData("his", "text/csv", 403, "forbidden")]
    [InlineData("admin", "application/json", 415, "unsupported-media-type")]
    public async Task Only_an_admin_imports_and_only_csv(string role, string type, int status, string code)
    {
        var response = await UploadAsync(Csv(DemoProviders.All(10)), role, type);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(code, await response.ProblemCode());
    }

    [Fact]
    public async Task The_command_line_imports_a_hundred_thousand_providers_and_search_finds_them()
    {
        var file = Path.Combine(Path.GetTempPath(), $"providers-{Guid.NewGuid():N}.csv");
        var providers = DemoProviders.All(100_000);
        await File.WriteAllTextAsync(file, Csv(providers));
        try
        {
            var (exit, output) = await RunCliAsync("import-providers", file);

            Assert.True(exit == 0, output);
            Assert.Contains("imported 100,000 providers", output, StringComparison.Ordinal);
            Assert.True(await CountAsync("select count(*) from providers") >= 100_000);
            var found = await (await service.ClientFor("auditor").GetAsync("/v1/providers?q=dupre%20emile")).Json();
            Assert.Contains(found.EnumerateArray(), p => p.Str("nihdi") == Demo.Gp);
            Assert.Contains("providers_search_name_trgm", await PlanAsync(
                "select identity from providers p where p.search_name like '%' || lower(immutable_unaccent('dupré')) || '%'"), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_command_line_reports_refused_lines_and_exits_1()
    {
        var file = Path.Combine(Path.GetTempPath(), $"providers-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "nihdi;firstName;lastName\n12345626004;Bad;Number\n");
        try
        {
            var (exit, output) = await RunCliAsync("import-providers", file);
            Assert.Equal(1, exit);
            Assert.Contains("line 2:", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    // With 100,000 rows a name search must use the trigram index, not read the table.
    private async Task<string> PlanAsync(string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(service.ConnectionString);
        await using (var analyze = dataSource.CreateCommand("analyze providers"))
        {
            await analyze.ExecuteNonQueryAsync();
        }
        await using var command = dataSource.CreateCommand("explain " + sql);
        var plan = new StringBuilder();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.AppendLine(reader.GetString(0));
        }
        return plan.ToString();
    }

    private async Task<(int Exit, string Output)> RunCliAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Consent.Service.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["ConnectionStrings__Consent"] = service.ConnectionString;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return (process.ExitCode, await output + await errors);
    }

    /// <summary>A service on a database of its own: imports here never touch the shared demo directory.</summary>
    public sealed class DirectoryService : ServiceFactory, IAsyncLifetime
    {
        public DirectoryService() : this(TestDatabases.CreateAsync("directory").GetAwaiter().GetResult()) { }

        private DirectoryService(string connectionString) : base(connectionString) => ConnectionString = connectionString;

        public string ConnectionString { get; }

        public Task InitializeAsync() => WaitUntilReadyAsync();

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
    }
}
