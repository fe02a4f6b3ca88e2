using System.Net;
using System.Text.Json;
using Consent.IntegrationTests.Infrastructure;

namespace Consent.IntegrationTests.Providers;

/// <summary>Finding a provider as a portal user does: by number or by first and last name.</summary>
[Collection(ServiceCollection.Name)]
public sealed class DirectorySearchTests(SharedService service)
{
    private async Task<JsonElement[]> SearchAsync(string q, string role = "patient")
    {
        var client = role == "patient" ? service.Patient(TestPatients.Next()) : service.ClientFor(role);
        var response = await client.GetAsync($"/v1/providers?q={Uri.EscapeDataString(q)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Json()).EnumerateArray()];
    }

    private static string[] Numbers(JsonElement[] found) => [.. found.Select(p => p.Str("nihdi"))];

    [Theory]
    [InlineData("dupre")]
    [InlineData("DUPRÉ")]
    [InlineData("dup")]
    [InlineData("Émile Dupré")]
    [InlineData("dupre emile")]
    [InlineData("Dupré, Émile")]
    [InlineData("mile upr")]
    public async Task A_name_is_found_whatever_the_case_accents_order_or_part(string q)
    {
        var found = await SearchAsync(q);

        Assert.Contains(Demo.Gp, Numbers(found));
        Assert.All(found, p => Assert.Contains("upr", Unaccented($"{p.Str("firstName")} {p.Str("lastName")}"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_closest_name_comes_first()
    {
        var found = await SearchAsync("emile dupre");
        Assert.Equal("Dupré", found[0].Str("lastName"));
        Assert.Equal("Émile", found[0].Str("firstName"));
    }

    [Theory]
    [InlineData("1-23456-25-004")]
    [InlineData("12345625004")]
    [InlineData("12345625003")]
    [InlineData("12345625")]
    [InlineData("1.23456.25")]
    public async Task A_number_with_or_without_separators_finds_the_provider(string q)
    {
        var found = await SearchAsync(q, "his");
        Assert.Equal([Demo.Gp], Numbers(found));
        Assert.Equal("physician", found[0].Str("profession"));
        Assert.Equal(["71000139"], found[0].GetProperty("institutions").EnumerateArray().Select(i => i.GetString()));
    }

    [Fact]
    public async Task A_number_prefix_lists_the_providers_it_starts()
    {
        var found = await SearchAsync("123456", "auditor");
        Assert.Contains(Demo.Gp, Numbers(found));
        Assert.All(Numbers(found), n => Assert.StartsWith("123456", n, StringComparison.Ordinal));
    }

    [Fact]
    public async Task One_provider_by_number()
    {
        var client = service.Provider(Demo.Physician);
        var found = await client.GetAsync("/v1/providers/1.23456.25.004");
        var unknown = await client.GetAsync($"/v1/providers/{Demo.Unlisted}");
        var malformed = await client.GetAsync("/v1/providers/12345626004");

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Equal("Roeselare", (await found.Json()).Str("city"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("unknown-provider", await unknown.ProblemCode());
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("invalid-nihdi", await malformed.ProblemCode());
    }

    [Theory]
    [InlineData("/v1/providers")]
    [InlineData("/v1/providers?q=")]
    [InlineData("/v1/providers?q=dupre&limit=0")]
    [InlineData("/v1/providers?q=dupre&limit=101")]
    public async Task A_search_without_a_query_or_with_a_bad_limit_is_refused(string url)
    {
        var response = await service.ClientFor("admin").GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid-request", await response.ProblemCode());
    }

    [Fact]
    public async Task The_directory_needs_a_token()
    {
        var response = await service.CreateClient().GetAsync("/v1/providers?q=dupre");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static string Unaccented(string text) =>
        new string([.. text.Normalize(System.Text.NormalizationForm.FormD)
            .Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)])
            .ToLowerInvariant();
}
