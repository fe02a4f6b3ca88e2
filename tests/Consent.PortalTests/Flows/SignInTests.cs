using Consent.PortalTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Consent.PortalTests.Flows;

public sealed class SignInTests(PortalStack stack) : BrowserTest(stack)
{
    [Fact]
    public async Task The_sign_in_page_lists_the_demo_patients_and_a_demo_patient_sees_a_green_thumb()
    {
        var page = await OpenAsync();
        var response = await page.GotoAsync("/");

        // The pages need no script at all, and the browser is told to run none.
        Assert.Contains("script-src 'none'", (await response!.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);
        // Not signed in: the portal sends the browser to its sign-in page.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Aanmelden");
        foreach (var inss in new[] { "85073003328", "90021412501", "62110304283", "48010900759" })
        {
            await Expect(page.Locator($"button[data-inss='{inss}']")).ToBeVisibleAsync();
        }
        await Expect(page.GetByText("Ouder die optreedt voor kind 17.07.30-033.84.")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "sign-in-nl-desktop");
        await AssertAccessibleAsync(page);

        await page.Locator("button[data-inss='85073003328']").ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("Mijn toestemming");
        await Expect(page.Locator(".consent-state")).ToHaveAttributeAsync("data-consent", "given");
        await Expect(page.Locator(".consent-state .thumb-up")).ToBeVisibleAsync();
        await Expect(page.Locator(".consent-state h2")).ToHaveTextAsync("U hebt toestemming gegeven");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Deactiveren" })).ToBeVisibleAsync();
        await Expect(page.Locator("h1")).ToHaveCountAsync(1);
        await ScreenshotAsync(page, "consent-nl-desktop");
        await AssertAccessibleAsync(page);

        // The browser holds a session cookie only: HttpOnly, SameSite=Strict, and no bearer token anywhere.
        var cookies = await page.Context.CookiesAsync();
        var session = cookies.Single(c => c.Name == "consent.portal");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.DoesNotContain(cookies, c => c.Value.StartsWith("eyJ", StringComparison.Ordinal));
        Assert.False(await page.EvaluateAsync<bool>("() => document.cookie.includes('consent.portal')"));

        // The seeded relations (GP, pharmacist, AZ Delta) with names, RIZIV numbers and who registered them.
        await page.GetByRole(AriaRole.Link, new() { Name = "Therapeutische relaties" }).ClickAsync();
        var gp = page.Locator("tr[data-nihdi='12345625004']").First;
        await Expect(gp).ToContainTextAsync("Émile Dupré");
        await Expect(gp).ToContainTextAsync("1-23456-25-004");
        await Expect(gp).ToContainTextAsync("Globaal Medisch Dossier (GMD)");
        await Expect(gp).ToContainTextAsync("zorgverlener 1-23456-25-004");
        await Expect(page.Locator("tr[data-nihdi='71000139000']").First).ToContainTextAsync("AZ Delta");
        await ScreenshotAsync(page, "relations-nl-desktop");
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task A_deep_link_survives_the_sign_in_and_a_way_back_to_another_site_does_not()
    {
        var page = await OpenAsync();
        await page.GotoAsync("/access-log?limit=5");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in\\?ReturnUrl="));
        await page.Locator("#other-inss").FillAsync(FreshPatients.Next());
        await page.Locator("form:has(#other-inss) button[type=submit]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/access-log\\?limit=5$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Wie zag mijn gegevens");

        foreach (var elsewhere in new[] { "https://example.org/", "//example.org/", "/sign-out" })
        {
            var other = await OpenAsync();
            await other.GotoAsync("/sign-in?ReturnUrl=" + Uri.EscapeDataString(elsewhere));
            await other.Locator("#other-inss").FillAsync(FreshPatients.Next());
            await other.Locator("form:has(#other-inss) button[type=submit]").ClickAsync();
            await Expect(other).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("^http://[^/]+/consent$"));
        }
    }

    [Fact]
    public async Task A_parent_switches_between_their_own_record_and_their_childs_on_a_phone()
    {
        var page = await OpenAsync(phone: true);
        await page.GotoAsync("/sign-in");
        await page.Locator("button[data-inss='70021501252']").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Mijn toestemming");
        await Expect(page.Locator(".banner")).ToHaveCountAsync(0);

        await page.GetByLabel("Gegevens van").SelectOptionAsync("17073003384");
        await page.GetByRole(AriaRole.Button, new() { Name = "Wisselen" }).ClickAsync();

        await Expect(page.Locator(".banner")).ToHaveAttributeAsync("data-record", "17073003384");
        await Expect(page.Locator(".banner")).ToContainTextAsync("17.07.30-033.84");
        // The demo child has consent, a GP and a pharmacist declared in the portal.
        await Expect(page.Locator(".consent-state")).ToHaveAttributeAsync("data-consent", "given");
        await page.GetByRole(AriaRole.Link, new() { Name = "Therapeutische relaties" }).ClickAsync();
        await Expect(page.Locator("tr[data-nihdi='12345625004']").First).ToBeVisibleAsync();
        await ScreenshotAsync(page, "parent-child-relations-nl-phone");
        await AssertAccessibleAsync(page);

        await page.GetByLabel("Gegevens van").SelectOptionAsync("70021501252");
        await page.GetByRole(AriaRole.Button, new() { Name = "Wisselen" }).ClickAsync();
        await Expect(page.Locator(".banner")).ToHaveCountAsync(0);

        // Signing out ends the session: the pages ask to sign in again.
        await page.GetByRole(AriaRole.Button, new() { Name = "Afmelden" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Aanmelden");
        await page.GotoAsync("/relations");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in"));
    }
}
