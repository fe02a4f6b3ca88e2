using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Consent.Portal.Localization;

/// <summary>
/// Dutch (default), French and English: chosen by the language switch (a cookie), else by the browser's
/// Accept-Language. Belgian cultures format dates and numbers as Belgians expect; English uses en-GB.
/// </summary>
public static class PortalCultures
{
    public static readonly CultureInfo[] Supported = [new("nl-BE"), new("fr-BE"), new("en-GB")];

    public const string CookieName = "consent.portal.lang";

    public static IServiceCollection AddPortalLocalization(this IServiceCollection services)
    {
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(Supported[0]);
            options.SupportedCultures = Supported;
            options.SupportedUICultures = Supported;
            // "fr" or "en-US" from a browser picks the supported culture of that language.
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
            options.RequestCultureProviders =
            [
                new CookieRequestCultureProvider { CookieName = CookieName },
                new LanguageOnlyAcceptLanguageProvider(),
            ];
        });
        return services;
    }

    public static IApplicationBuilder UsePortalLocalization(this IApplicationBuilder app) => app.UseRequestLocalization();

    /// <summary>The switch on every page: plain links (no script), remembered in a cookie for the next visit.</summary>
    public static void MapLanguageSwitch(this IEndpointRouteBuilder app)
    {
        app.MapGet("/language/{culture}", (string culture, string? returnUrl, HttpContext http) =>
        {
            if (Supported.FirstOrDefault(c => string.Equals(c.Name, culture, StringComparison.OrdinalIgnoreCase)) is { } chosen)
            {
                http.Response.Cookies.Append(CookieName, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)), new CookieOptions
                {
                    HttpOnly = true,
                    SameSite = SameSiteMode.Lax,
                    Secure = http.Request.IsHttps,
                    IsEssential = true,
                    MaxAge = TimeSpan.FromDays(365),
                });
            }
            return Results.LocalRedirect(Auth.RecordSwitch.LocalPath(returnUrl));
        });
    }

    /// <summary>The short name shown in the switch: NL, FR, EN.</summary>
    public static string ShortName(CultureInfo culture) => culture.TwoLetterISOLanguageName.ToUpperInvariant();
}

/// <summary>
/// Accept-Language matched by language only: a Belgian browser may send "nl-NL", "fr-FR" or "en-US";
/// each means the portal's culture of that language.
/// </summary>
public sealed class LanguageOnlyAcceptLanguageProvider : RequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var header = httpContext.Request.GetTypedHeaders().AcceptLanguage;
        foreach (var language in header.OrderByDescending(l => l.Quality ?? 1))
        {
            var name = language.Value.Value ?? "";
            var match = PortalCultures.Supported.FirstOrDefault(c =>
                name.StartsWith(c.TwoLetterISOLanguageName, StringComparison.OrdinalIgnoreCase)
                && (name.Length == 2 || name[2] == '-'));
            if (match is not null)
            {
                return Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(match.Name));
            }
        }
        return NullProviderCultureResult;
    }
}
