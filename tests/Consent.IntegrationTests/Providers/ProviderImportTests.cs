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

    /// <summary>Providers no other test of this class imports: each test takes its own slice.</summary>
    private static List<Provider> Slice(int from, int count) => [.. SyntheticProviders.All(from + count, seed: 7).Skip(from)];

    private Task<HttpResponseMessage> UploadAsync(string csv, string role = "admin", string type = "text/csv")
    {
        var content = new StringContent(csv, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(type);
        return service.ClientFor(role).PostAsync("/v1/providers/import", content);
    }

    private static string Numbers(IEnumerable<Provider> providers) => string.Join(',', providers.Select(p => $"'{p.Nihdi.Identity}'"));

    private async Task<long> CountAsync(string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(service.ConnectionString);
        await using var command = dataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Every stored column of these providers and their institutions, updated_at included.</summary>
    private async Task<string> SnapshotAsync(IEnumerable<Provider> providers)
    {
        await using var dataSource = NpgsqlDataSource.Create(service.ConnectionString);
        await using var command = dataSource.CreateCommand(
            $"""
            select string_agg(format('%s|%s|%s|%s|%s|%s|%s|%s|%s', p.identity, p.nihdi, p.first_name, p.last_name, p.profession, p.qualification,
                p.city, p.updated_at, (select string_agg(i.institution, ',' order by i.institution) from provider_institutions i where i.provider = p.identity)),
                E'\n' order by p.identity)
            from providers p where p.identity in ({Numbers(providers)})
            """);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_valid_file_is_imported_and_importing_it_again_changes_no_row()
    {
        var providers = Slice(0, 300);
        var csv = ProviderCsvWriter.ToCsv(providers);

        var first = await UploadAsync(csv);
        var before = await SnapshotAsync(providers);
        var second = await UploadAsync(csv);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var report = await first.Json();
        Assert.Equal(300, report.GetProperty("imported").GetInt32());
        Assert.True(report.GetProperty("applied").GetBoolean());
        Assert.Empty(report.GetProperty("refused").EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(300, await CountAsync($"select count(*) from providers where identity in ({Numbers(providers)})"));
        Assert.Equal(before, await SnapshotAsync(providers));
        Assert.Equal(providers.Sum(p => p.Institutions.Count), await CountAsync($"select count(*) from provider_institutions where provider in ({Numbers(providers)})"));
    }

    [Fact]
    public async Task An_import_updates_a_listed_provider_and_replaces_their_institutions()
    {
        var provider = Slice(300, 1)[0] with { City = "Eupen", Institutions = [] };
        var hospital = SyntheticProviders.All(5, seed: 7)[0];
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(ProviderCsvWriter.ToCsv([provider]))).StatusCode);

        var moved = provider with { LastName = provider.LastName + "-Lambert", City = "Sankt Vith", Institutions = [hospital.Nihdi.Identity] };
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(ProviderCsvWriter.ToCsv([moved]))).StatusCode);

        var found = await (await service.ClientFor("auditor").GetAsync($"/v1/providers/{provider.Nihdi.Value}")).Json();
        Assert.Equal((moved.LastName, "Sankt Vith"), (found.Str("lastName"), found.Str("city")));
        Assert.Equal([hospital.Nihdi.Identity.Value], found.GetProperty("institutions").EnumerateArray().Select(i => i.GetString()));
    }

    [Fact]
    public async Task A_file_with_bad_lines_is_refused_whole_with_their_line_numbers_and_nothing_is_written()
    {
        var providers = Slice(400, 20);
        var csv = ProviderCsvWriter.ToCsv(providers) + "12345626004;Bad;Number;;;\n" + $"{providers[0].Nihdi.Value};Twice;Listed;;;\n92345625004;Bad;Profession;;;\n";

        var response = await UploadAsync(csv);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("invalid-import", await response.ProblemCode());
        var problem = await response.Json();
        Assert.False(problem.GetProperty("applied").GetBoolean());
        Assert.Equal(0, problem.GetProperty("imported").GetInt32());
        Assert.Equal(3, problem.GetProperty("refusedCount").GetInt32());
        var refused = problem.GetProperty("refused").EnumerateArray().Select(r => (r.GetProperty("line").GetInt32(), r.Str("reason"))).ToList();
        Assert.Equal([22, 23, 24], refused.Select(r => r.Item1));
        Assert.Contains("check digits", refused[0].Item2, StringComparison.Ordinal);
        Assert.Contains("already on line 2", refused[1].Item2, StringComparison.Ordinal);
        Assert.Contains("profession digit 9", refused[2].Item2, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync($"select count(*) from providers where identity in ({Numbers(providers)})"));
    }

    [Fact]
    public async Task A_comma_separated_file_with_quoted_commas_and_accents_is_imported()
    {
        var provider = Slice(500, 1)[0] with { LastName = "Lemaître, dit \"Le Jeune\"", City = "Ottignies, Louvain-la-Neuve" };

        var response = await UploadAsync(ProviderCsvWriter.ToCsv([provider], ','), type: "text/csv; charset=utf-8");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var found = await (await service.ClientFor("patient", TestPatients.Next().Value).GetAsync($"/v1/providers/{provider.Nihdi.Formatted}")).Json();
        Assert.Equal((provider.LastName, provider.City), (found.Str("lastName"), found.Str("city")));
    }

    [Fact]
    public async Task Search_ranks_the_whole_name_then_names_that_start_with_the_words_then_names_that_contain_them()
    {
        var (inside, start, whole) = (Slice(900, 3)[0], Slice(900, 3)[1], Slice(900, 3)[2]);
        Provider[] providers =
        [
            inside with { FirstName = "Zoë", LastName = "Vandupontel" },
            start with { FirstName = "Zoë", LastName = "Dupont-Lambert" },
            whole with { FirstName = "Zoë", LastName = "Dupont" },
        ];
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(ProviderCsvWriter.ToCsv(providers))).StatusCode);

        var found = await (await service.ClientFor("auditor").GetAsync("/v1/providers?q=DUPONT%20zoe")).Json();

        Assert.Equal([whole.Nihdi.Value, start.Nihdi.Value, inside.Nihdi.Value], found.EnumerateArray().Select(p => p.Str("nihdi")));
    }

    [Fact]
    public async Task A_file_larger_than_the_json_limit_is_accepted()
    {
        var providers = Slice(1_000, 3_000);
        var csv = ProviderCsvWriter.ToCsv(providers);
        Assert.True(Encoding.UTF8.GetByteCount(csv) > 64 * 1024);

        var response = await UploadAsync(csv);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3_000, await CountAsync($"select count(*) from providers where identity in ({Numbers(providers)})"));
    }

    [Theory]
    [InlineData("patient", "text/csv", 403, "forbidden")]
    [InlineData("provider", "text/csv", 403, "forbidden")]
    [InlineData("his", "text/csv", 403, "forbidden")]
    [InlineData("auditor", "text/csv", 403, "forbidden")]
    [InlineData("admin", "application/json", 415, "unsupported-media-type")]
    [InlineData("admin", "text/plain", 415, "unsupported-media-type")]
    [InlineData("admin", "text/csv; charset=iso-8859-1", 415, "unsupported-media-type")]
    public async Task Only_an_admin_imports_and_only_utf8_csv(string role, string type, int status, string code)
    {
        var response = await UploadAsync(ProviderCsvWriter.ToCsv(Slice(600, 3)), role, type);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(code, await response.ProblemCode());
    }

    [Fact]
    public async Task An_import_needs_a_token()
    {
        var response = await service.CreateClient().PostAsync("/v1/providers/import", new StringContent("nihdi;firstName;lastName\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_command_line_imports_a_file_and_exits_0()
    {
        var providers = Slice(700, 50);
        using var file = new ProviderCli.TempFile(ProviderCsvWriter.ToCsv(providers));

        var (exit, output) = await ProviderCli.RunAsync(service.ConnectionString, "import-providers", file.Path);

        Assert.True(exit == 0, output);
        Assert.Contains("imported 50 providers", output, StringComparison.Ordinal);
        Assert.Equal(50, await CountAsync($"select count(*) from providers where identity in ({Numbers(providers)})"));
    }

    [Fact]
    public async Task A_running_service_answers_with_a_provider_the_command_line_changed()
    {
        var provider = Slice(900, 1)[0] with { City = "Eupen" };
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(ProviderCsvWriter.ToCsv([provider]))).StatusCode);
        // Read once, so that the service holds the record before the change.
        Assert.Equal("Eupen", (await FoundAsync(provider)).Str("city"));
        var moved = provider with { City = "Sankt Vith" };
        using var file = new ProviderCli.TempFile(ProviderCsvWriter.ToCsv([moved]));

        var (exit, output) = await ProviderCli.RunAsync(service.ConnectionString, "import-providers", file.Path);
        Assert.True(exit == 0, output);

        // Another process wrote the directory: the service learns it from the commit's notification, a moment later.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        string? city;
        while ((city = (await FoundAsync(provider)).Str("city")) != "Sankt Vith" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.Equal("Sankt Vith", city);
    }

    private async Task<System.Text.Json.JsonElement> FoundAsync(Provider provider) =>
        await (await service.ClientFor("auditor").GetAsync($"/v1/providers/{provider.Nihdi.Value}")).Json();

    [Fact]
    public async Task The_command_line_reports_refused_lines_writes_nothing_and_exits_1()
    {
        var providers = Slice(800, 5);
        using var file = new ProviderCli.TempFile(ProviderCsvWriter.ToCsv(providers) + "12345626004;Bad;Number;;;\n");

        var (exit, output) = await ProviderCli.RunAsync(service.ConnectionString, "import-providers", file.Path);

        Assert.True(exit == 1, output);
        Assert.Contains("nothing was imported", output, StringComparison.Ordinal);
        Assert.Contains("line 7: '12345626004' is not a valid NIHDI number", output, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync($"select count(*) from providers where identity in ({Numbers(providers)})"));
    }

    [Theory]
    [InlineData]
    [InlineData("/no/such/file.csv")]
    public async Task The_command_line_exits_2_on_a_usage_error(params string[] args)
    {
        var (exit, output) = await ProviderCli.RunAsync(service.ConnectionString, ["import-providers", .. args]);
        Assert.True(exit == 2, output);
        Assert.Contains("usage: dotnet Consent.Service.dll import-providers", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_command_line_exits_2_when_the_database_cannot_be_reached()
    {
        using var file = new ProviderCli.TempFile("nihdi;firstName;lastName\n");
        var (exit, output) = await ProviderCli.RunAsync("Host=127.0.0.1;Port=1;Username=x;Password=x;Database=x;Timeout=2", "import-providers", file.Path);
        Assert.True(exit == 2, output);
        Assert.Contains("import-providers failed", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
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
