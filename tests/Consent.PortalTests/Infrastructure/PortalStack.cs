using Microsoft.Playwright;

namespace Consent.PortalTests.Infrastructure;

/// <summary>
/// One service, one portal and one headless Chromium (Debian's, by path: nothing is downloaded) shared
/// by every browser test; each test opens its own browser context (its own cookies).
/// </summary>
public sealed class PortalStack : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private readonly ServiceHost service = new();
    private IPlaywright? playwright;

    public PortalHost Portal { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public ServiceApi Api { get; private set; } = null!;
    public Uri ServiceAddress => service.Address;

    /// <summary>Where each test's screenshot goes: screenshots/ beside the test assembly.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await service.StartAsync();
        Api = new ServiceApi(service.Address);
        Portal = await PortalHost.StartAsync(service.Address);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
            Timeout = 60_000,
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        playwright?.Dispose();
        Api?.Dispose();
        if (Portal is not null)
        {
            await Portal.DisposeAsync();
        }
        await service.DisposeAsync();
    }

    /// <summary>A new browser context: desktop (1280x900) or phone (390x844, touch), in the given Accept-Language.</summary>
    public async Task<IPage> NewPageAsync(bool phone = false, string locale = "nl-BE")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Portal.Address.ToString().TrimEnd('/'),
            Locale = locale,
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
            IsMobile = phone,
            HasTouch = phone,
            TimezoneId = "Europe/Brussels",
        });
        // Generous: a 2-core CI machine running other suites can be slow; assertions still wait for
        // the condition, never a fixed time.
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(60_000);
        return await context.NewPageAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalStack>
{
    public const string Name = "portal";
}
