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
        var client = role switch
        {
            "patient" => service.Patient(TestPatients.Next()),
            "provider" => service.Provider(Demo.Physician),
            "his" => service.His(Demo.AzDelta),
            _ => service.ClientFor(role),
        };
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

    [Fact]
    public async Task Whole_names_and_name_starts_rank_above_names_that_merely_contain_the_words()
    {
        var found = await SearchAsync("dupré émile");
        var wholeNames = found.TakeWhile(p => p.Str("lastName") == "Dupré" && p.Str("firstName") == "Émile").Count();
        Assert.True(wholeNames > 0);
        Assert.All(found.Skip(wholeNames), p => Assert.False(p.Str("lastName") == "Dupré" && p.Str("firstName") == "Émile"));
    }

    [Fact]
    public async Task The_limit_caps_the_answer()
    {
        var response = await service.Provider(Demo.Gp).GetAsync("/v1/providers?q=e&limit=3");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, (await response.Json()).GetArrayLength());
    }

    [Theory]
    [InlineData(",")]
    [InlineData("zzzqqqxxx")]
    [InlineData("99999")]
    public async Task A_query_that_matches_nothing_gives_an_empty_list(string q) => Assert.Empty(await SearchAsync(q));

    [Theory]
    [InlineData("/v1/providers")]
    [InlineData("/v1/providers?q=")]
    [InlineData("/v1/providers?q=%20%20")]
    [InlineData("/v1/providers?q=dupre&limit=0")]
    [InlineData("/v1/providers?q=dupre&limit=101")]
    [InlineData("/v1/providers?q=dupre&limit=-5")]
    [InlineData("/v1/providers?q=dupre&limit=abc")]
    public async Task A_search_without_a_query_or_with_a_bad_limit_is_refused(string url)
    {
        var response = await service.ClientFor("admin").GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid-request", await response.ProblemCode());
    }

    [Fact]
    public async Task A_query_longer_than_100_characters_is_refused()
    {
        var response = await service.ClientFor("auditor").GetAsync($"/v1/providers?q={new string('e', 101)}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid-request", await response.ProblemCode());
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("provider")]
    [InlineData("his")]
    [InlineData("auditor")]
    [InlineData("patient")]
    public async Task Every_role_may_search(string role) => Assert.Contains(Demo.Gp, Numbers(await SearchAsync("dupré", role)));

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
