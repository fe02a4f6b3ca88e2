using Consent.PortalTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Consent.PortalTests.Flows;

/// <summary>A person who uses only the keyboard: Tab to move, Enter to act, focus always visible.</summary>
public sealed class KeyboardTests(PortalStack stack) : BrowserTest(stack)
{
    [Fact]
    public async Task Signing_in_and_deactivating_consent_works_with_the_keyboard_alone()
    {
        var inss = await Api.PatientWithConsentAndGpAsync();
        var page = await OpenAsync();
        await page.GotoAsync("/sign-in");

        // The first Tab reaches the skip link, which jumps past the header.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("skip", await page.EvaluateAsync<string>("() => document.activeElement.className"));

        await TabToAsync(page, "#other-inss");
        await page.Keyboard.TypeAsync(inss);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Mijn toestemming");

        await TabToAsync(page, "a[href='/consent?confirm=deactivate']");
        await AssertFocusVisibleAsync(page);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator(".confirm h2")).ToHaveTextAsync("Toestemming deactiveren?");

        await TabToAsync(page, ".confirm button[type=submit]");
        await AssertFocusVisibleAsync(page);
        await ScreenshotAsync(page, "keyboard-confirm-nl-desktop");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator(".consent-state")).ToHaveAttributeAsync("data-consent", "revoked");
        Assert.Equal("deny", (await Api.DecideAsync(inss, ServiceApi.Gp)).GetProperty("decision").GetString());
    }

    /// <summary>Presses Tab until the element matching <paramref name="selector"/> has the focus (at most 60 times).</summary>
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var i = 0; i < 60; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector))
            {
                return;
            }
        }
        Assert.Fail($"Tab never reached {selector}.");
    }

    /// <summary>The focused element shows an outline (the portal's 3px focus ring), not the browser's nothing.</summary>
    private static async Task AssertFocusVisibleAsync(IPage page)
    {
        var outline = await page.EvaluateAsync<string>("() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.outlineWidth; }");
        Assert.Equal("solid 3px", outline);
    }
}
