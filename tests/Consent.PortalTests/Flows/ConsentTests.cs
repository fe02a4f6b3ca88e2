using System.Globalization;
using Consent.PortalTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Consent.PortalTests.Flows;

public sealed class ConsentTests(PortalStack stack) : BrowserTest(stack)
{
    [Fact]
    public async Task Deactivating_in_French_asks_for_confirmation_and_then_the_gp_is_denied_over_the_api()
    {
        var inss = await Api.PatientWithConsentAndGpAsync();
        Assert.Equal("permit", (await Api.DecideAsync(inss, ServiceApi.Gp)).GetProperty("decision").GetString());

        // The browser asks for French (Accept-Language); no switch needed.
        var page = await OpenAsync(locale: "fr-BE");
        await SignInAsync(page, inss);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Mon consentement");
        await Expect(page.Locator(".consent-state h2")).ToHaveTextAsync("Vous avez donné votre consentement");
        // Dates in French: "24 novembre 2026".
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels"))
            .ToString("d MMMM yyyy", new CultureInfo("fr-BE"));
        await Expect(page.Locator(".consent-state time")).ToHaveTextAsync(today);

        await page.GetByRole(AriaRole.Link, new() { Name = "Désactiver" }).ClickAsync();
        // The confirmation step says what changes before anything does.
        await Expect(page.Locator(".confirm h2")).ToHaveTextAsync("Désactiver le consentement ?");
        await Expect(page.Locator(".confirm")).ToContainTextAsync("pas même votre médecin généraliste");
        await Expect(page.Locator(".confirm")).ToContainTextAsync("sont conservées");
        Assert.Equal("given", (await Api.GetPatientAsync(inss)).GetProperty("consent").GetProperty("status").GetString());
        await ScreenshotAsync(page, "consent-confirm-fr-desktop");
        await AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer : désactiver" }).ClickAsync();

        await Expect(page.Locator(".notice-done")).ToHaveTextAsync("Votre consentement est désactivé.");
        await Expect(page.Locator(".consent-state")).ToHaveAttributeAsync("data-consent", "revoked");
        await Expect(page.Locator(".consent-state .thumb-down")).ToBeVisibleAsync();
        await Expect(page.Locator(".consent-state h2")).ToHaveTextAsync("Vous n'avez pas donné votre consentement");
        await ScreenshotAsync(page, "consent-revoked-fr-desktop");

        var decision = await Api.DecideAsync(inss, ServiceApi.Gp);
        Assert.Equal("deny", decision.GetProperty("decision").GetString());

        // A form posted from elsewhere, without the page's antiforgery token, changes nothing.
        var forged = await page.APIRequest.PostAsync("/consent?handler=Activate", new() { Form = page.APIRequest.CreateFormData().Set("version", "") });
        Assert.Equal(400, forged.Status);
        Assert.Equal("revoked", (await Api.GetPatientAsync(inss)).GetProperty("consent").GetProperty("status").GetString());
        Assert.Contains("no-consent", decision.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));

        // "Activer" again: the relation applies again and the GP is permitted.
        await page.GetByRole(AriaRole.Link, new() { Name = "Activer" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer : activer" }).ClickAsync();
        await Expect(page.Locator(".consent-state")).ToHaveAttributeAsync("data-consent", "given");
        Assert.Equal("permit", (await Api.DecideAsync(inss, ServiceApi.Gp)).GetProperty("decision").GetString());
    }

    [Fact]
    public async Task The_same_confirmation_posted_twice_changes_the_record_once()
    {
        var inss = await Api.PatientWithConsentAndGpAsync();
        var page = await OpenAsync();
        await SignInAsync(page, inss);
        await page.GotoAsync("/consent?confirm=deactivate");
        var form = page.Locator(".confirm form");
        var data = page.APIRequest.CreateFormData();
        foreach (var name in new[] { "__RequestVerificationToken", "version", "formKey", "record" })
        {
            data.Set(name, await form.Locator($"input[name='{name}']").InputValueAsync());
        }

        // A double click, or a browser that resends: both posts carry the page's one-time key.
        for (var i = 0; i < 2; i++)
        {
            var response = await page.APIRequest.PostAsync("/consent?handler=Deactivate", new() { Form = data });
            Assert.Equal(200, response.Status);
            // The repeat is answered as the first was (Idempotency-Key), not refused as stale (If-Match).
            var html = await response.TextAsync();
            Assert.Contains("data-done=\"consent-revoked\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("data-notice=\"stale\"", html, StringComparison.Ordinal);
        }

        await page.GotoAsync("/history");
        await Expect(page.Locator(".timeline li[data-type='consent-revoked']")).ToHaveCountAsync(1);
        await Expect(page.Locator(".timeline li")).ToHaveCountAsync(3);
        await Expect(page.Locator("[data-notice='stale']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_form_made_for_a_childs_record_changes_nothing_once_another_tab_switched_to_the_parents_own()
    {
        // Both records at the same version: the If-Match of the child's form would pass on the parent's record.
        var parent = await Api.PatientWithConsentAndGpAsync();
        var child = await Api.PatientWithConsentAndGpAsync();
        var page = await OpenAsync();
        await SignInAsync(page, parent, represents: child);
        await page.GetByLabel("Gegevens van").SelectOptionAsync(child);
        await page.GetByRole(AriaRole.Button, new() { Name = "Wisselen" }).ClickAsync();
        await Expect(page.Locator(".banner")).ToHaveAttributeAsync("data-record", child);
        await page.GetByRole(AriaRole.Link, new() { Name = "Deactiveren" }).ClickAsync();
        await Expect(page.Locator(".confirm")).ToBeVisibleAsync();

        var otherTab = await page.Context.NewPageAsync();
        await otherTab.GotoAsync("/consent");
        await otherTab.GetByLabel("Gegevens van").SelectOptionAsync(parent);
        await otherTab.GetByRole(AriaRole.Button, new() { Name = "Wisselen" }).ClickAsync();
        await Expect(otherTab.Locator(".banner")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "Bevestig: deactiveren" }).ClickAsync();

        await Expect(page.Locator("[data-notice='stale']")).ToBeVisibleAsync();
        Assert.Equal("given", (await Api.GetPatientAsync(parent)).GetProperty("consent").GetProperty("status").GetString());
        Assert.Equal("given", (await Api.GetPatientAsync(child)).GetProperty("consent").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_page_made_stale_by_another_change_reloads_with_a_notice_instead_of_overwriting()
    {
        var inss = await Api.PatientWithConsentAndGpAsync();
        var page = await OpenAsync(locale: "en-GB");
        await SignInAsync(page, inss);
        await page.GetByRole(AriaRole.Link, new() { Name = "Deactivate" }).ClickAsync();
        await Expect(page.Locator(".confirm h2")).ToHaveTextAsync("Deactivate your consent?");

        // Meanwhile the patient excludes a hospital from another device: the record's version moves on.
        await Api.AddExclusionAsync(inss, "71000337000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm: deactivate" }).ClickAsync();

        await Expect(page.Locator("[data-notice='stale']")).ToContainTextAsync("Nothing was overwritten");
        await Expect(page.Locator(".consent-state")).ToHaveAttributeAsync("data-consent", "given");
        Assert.Equal("given", (await Api.GetPatientAsync(inss)).GetProperty("consent").GetProperty("status").GetString());
        await ScreenshotAsync(page, "consent-stale-en-desktop");
    }
}
