using Consent.Portal.Api;
using Consent.Portal.Auth;
using Consent.Portal.Localization;
using Consent.Portal.Presentation;

namespace Consent.Portal;

/// <summary>
/// Builds the portal. Program.cs runs it; the browser tests host it in their own process on a free port,
/// which is why the application name is set: Razor Pages are found in this assembly, not the entry one.
/// </summary>
public static class PortalApp
{
    public static WebApplication Create(string[] args, IDictionary<string, string?>? overrides = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(PortalApp).Assembly.GetName().Name,
        });
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }
        var settings = builder.Configuration.GetSection("Portal").Get<PortalSettings>() ?? new PortalSettings();
        settings.Validate();
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(new PortalClock(settings.TimeZone));
        builder.Services.AddTransient<Labels>();

        builder.Services.AddPortalLocalization();
        builder.Services.AddPortalAuth(settings);
        builder.Services.AddConsentApi(settings);
        builder.Services.AddRazorPages(options =>
        {
            options.Conventions.AuthorizeFolder("/");
            options.Conventions.AllowAnonymousToPage("/SignIn");
            options.Conventions.AllowAnonymousToPage("/Unavailable");
            options.Conventions.AllowAnonymousToPage("/Error");
        }).AddMvcOptions(options => options.Filters.Add<ApiErrorPageFilter>());
        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "consent.portal.af";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        builder.Services.Configure<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>(options =>
        {
            options.Cookie.Name = "consent.portal.notice";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.IsEssential = true;
        });

        var app = builder.Build();
        app.UseExceptionHandler("/Error");
        app.UseStatusCodePagesWithReExecute("/Error", "?status={0}");
        app.UseMiddleware<SecurityHeaders>();
        app.UsePortalLocalization();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapPortalAssets();
        app.MapLanguageSwitch();
        app.MapRecordSwitch();
        app.MapGet("/health/live", () => Results.Text("live"));
        app.MapRazorPages();
        return app;
    }
}
