using Microsoft.Playwright;

namespace Consent.PortalTests.Infrastructure;

/// <summary>What every browser test does: sign in through the portal's own page, and leave a screenshot.</summary>
[Collection(PortalCollection.Name)]
public abstract class BrowserTest(PortalStack stack) : IAsyncLifetime
{
    private readonly List<IPage> pages = [];

    static BrowserTest() => Assertions.SetDefaultExpectTimeout(30_000);

    protected PortalStack Stack => stack;

    protected ServiceApi Api => stack.Api;

    protected async Task<IPage> OpenAsync(bool phone = false, string locale = "nl-BE")
    {
        var page = await stack.NewPageAsync(phone, locale);
        pages.Add(page);
        return page;
    }

    /// <summary>Signs in on the local sign-in page with any patient number (the developers' form), keyboard-free.</summary>
    protected static async Task SignInAsync(IPage page, string inss, string? represents = null)
    {
        await page.GotoAsync("/sign-in");
        await page.Locator("#other-inss").FillAsync(inss);
        if (represents is not null)
        {
            await page.Locator("#other-represents").FillAsync(represents);
        }
        await page.Locator("form:has(#other-inss) button[type=submit]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/consent$"));
    }

    /// <summary>Saves the page as the test left it (full page), named after the test.</summary>
    protected static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalStack.ScreenshotFolder, name + ".png"), FullPage = true });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var page in pages)
        {
            await page.Context.CloseAsync();
        }
    }
}
