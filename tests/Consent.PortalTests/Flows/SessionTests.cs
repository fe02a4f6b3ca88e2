using Consent.PortalTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Consent.PortalTests.Flows;

/// <summary>What the person sees when the service refuses the session's token, or says it is unavailable mid-session.</summary>
public sealed class SessionTests(PortalStack stack) : BrowserTest(stack)
{
    [Fact]
    public async Task A_token_the_service_refuses_ends_the_session_and_asks_to_sign_in_again()
    {
        await using var service = await FakeService.StartAsync(401);
        await using var portal = await PortalHost.StartAsync(service.Address);
        var page = await OpenAsync(locale: "en-GB");
        await page.GotoAsync(new Uri(portal.Address, "/sign-in").ToString());
        await page.Locator("#other-inss").FillAsync(FreshPatients.Next());
        await page.Locator("form:has(#other-inss) button[type=submit]").ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");
        await Expect(page.Locator(".notice-warning")).ToHaveTextAsync("Your session has expired. Please sign in again.");
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "consent.portal");
        // Signing in again leads back to the page the session ended on.
        Assert.Contains("ReturnUrl=%2Fconsent", page.Url, StringComparison.Ordinal);
        await ScreenshotAsync(page, "session-expired-en-desktop");
    }

    [Fact]
    public async Task A_service_answering_503_mid_session_gives_the_unavailable_page_with_a_way_back()
    {
        await using var service = await FakeService.StartAsync(503);
        await using var portal = await PortalHost.StartAsync(service.Address);
        var page = await OpenAsync();
        await page.GotoAsync(new Uri(portal.Address, "/sign-in").ToString());
        await page.Locator("#other-inss").FillAsync(FreshPatients.Next());
        await page.Locator("form:has(#other-inss) button[type=submit]").ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("Dienst tijdelijk niet bereikbaar");
        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Opnieuw proberen" })).ToHaveAttributeAsync("href", "/consent");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "unavailable-mid-session-nl-desktop");
    }
}
