using System.Net;
using System.Net.Sockets;
using Consent.PortalTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Consent.PortalTests.Flows;

public sealed class UnavailableTests(PortalStack stack) : BrowserTest(stack)
{
    [Fact]
    public async Task A_service_that_cannot_be_reached_gives_a_clear_message_and_never_a_stack_trace()
    {
        // A second portal whose service address has nobody listening.
        await using var portal = await PortalHost.StartAsync(new Uri($"http://127.0.0.1:{UnusedPort()}"));
        var page = await OpenAsync(locale: "fr-BE");
        await page.GotoAsync(new Uri(portal.Address, "/sign-in").ToString());
        await page.Locator("#other-inss").FillAsync(FreshPatients.Next());
        await page.Locator("form:has(#other-inss) button[type=submit]").ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("Service temporairement indisponible");
        await Expect(page.Locator("[data-unavailable]")).ToContainTextAsync("n'est pas joignable");
        var body = await page.Locator("body").InnerTextAsync();
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        await ScreenshotAsync(page, "unavailable-fr-desktop");
        await AssertAccessibleAsync(page);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
