namespace Consent.Portal.Presentation;

/// <summary>The style sheet, embedded in the assembly so the portal runs the same from source, tests and a container.</summary>
public static class PortalAssets
{
    public static void MapPortalAssets(this IEndpointRouteBuilder app)
    {
        var css = Read("portal.css");
        app.MapGet("/portal.css", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Text(css, "text/css; charset=utf-8");
        });
    }

    private static string Read(string name)
    {
        using var stream = typeof(PortalAssets).Assembly.GetManifestResourceStream($"Consent.Portal.Assets.{name}")
            ?? throw new InvalidOperationException($"The embedded asset {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
