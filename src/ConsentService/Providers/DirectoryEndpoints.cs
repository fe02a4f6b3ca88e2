using Consent.Contracts.Identifiers;
using Consent.Service.Hosting;

namespace Consent.Service.Providers;

public sealed record ProviderView(
    string Nihdi, string FirstName, string LastName, Profession Profession, string Qualification, string? City, IReadOnlyList<string> Institutions)
{
    public static ProviderView Of(Provider p) =>
        new(p.Nihdi.Value, p.FirstName, p.LastName, p.Profession, p.Qualification, p.City, [.. p.Institutions.Select(i => i.Value)]);
}

/// <summary>The provider directory over REST: search and lookup, for every authenticated role.</summary>
public static class DirectoryEndpoints
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static void MapDirectory(this RouteGroupBuilder v1)
    {
        var providers = v1.MapGroup("/providers").WithTags("Providers");

        providers.MapGet("", async (string? q, int? limit, DirectorySearch search, HttpContext http) =>
        {
            var query = InputRules.Text("q", q, 200)?.Trim();
            if (string.IsNullOrEmpty(query) || query.Length > 100)
            {
                throw RefusedException.InvalidRequest("q is required: a name or a NIHDI number, at most 100 characters.");
            }
            var take = limit ?? DefaultLimit;
            if (take is < 1 or > MaxLimit)
            {
                throw RefusedException.InvalidRequest($"limit must be between 1 and {MaxLimit}.");
            }
            var found = await search.SearchAsync(query, take, http.RequestAborted);
            return TypedResults.Ok(found.Select(ProviderView.Of).ToList());
        }).WithName("SearchProviders");

        providers.MapGet("/{nihdi}", async (string nihdi, ProviderDirectory directory, HttpContext http) =>
        {
            if (!ProviderId.TryParse(nihdi, out var id))
            {
                throw RefusedException.InvalidNihdi();
            }
            var provider = await directory.FindAsync(id.Value, http.RequestAborted);
            // The provider is the resource addressed here, so its absence is a 404 (a write naming it gets 422).
            return provider is null
                ? Problems.Result(404, ErrorCodes.UnknownProvider, $"Provider {id.Value} is not in the directory.")
                : TypedResults.Ok(ProviderView.Of(provider));
        }).WithName("GetProvider");
    }
}
