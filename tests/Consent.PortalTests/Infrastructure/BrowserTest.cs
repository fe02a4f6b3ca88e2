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

    /// <summary>
    /// The checks a page must pass for everyone: one h1, a language, a label on every control, a name on
    /// every link and button, and no sideways scrolling (phones included).
    /// </summary>
    protected static async Task AssertAccessibleAsync(IPage page)
    {
        // Against the viewport the test asked for: a phone's browser zooms out to fit wider content.
        var width = page.ViewportSize?.Width ?? 1280;
        var problems = await page.EvaluateAsync<string[]>("""
            width => {
              const out = [];
              const h1 = document.querySelectorAll('h1').length;
              if (h1 !== 1) out.push(`${h1} h1 elements`);
              if (!document.documentElement.lang) out.push('no lang on html');
              for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
                const labelled = (el.id && document.querySelector(`label[for="${el.id}"]`)) || el.getAttribute('aria-label') || el.closest('label');
                if (!labelled) out.push(`control without label: ${el.name || el.id}`);
              }
              for (const el of document.querySelectorAll('a, button')) {
                if (!(el.getAttribute('aria-label') || el.textContent || '').trim()) out.push(`nameless ${el.tagName}: ${el.outerHTML.slice(0, 80)}`);
              }
              const wide = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
              if (wide > width + 1) out.push(`scrolls sideways: ${wide} > ${width}`);
              return out;
            }
            """, width);
        Assert.Empty(problems);
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
