using Consent.PortalTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Consent.PortalTests.Flows;

public sealed class ExclusionTests(PortalStack stack) : BrowserTest(stack)
{
    [Fact]
    public async Task A_number_or_a_search_the_service_refuses_finds_nobody_on_the_search_form()
    {
        var page = await OpenAsync();
        await SignInAsync(page, await Api.PatientWithConsentAndGpAsync());

        var badNumber = await page.GotoAsync("/exclusions/add?nihdi=123");
        Assert.Equal(200, badNumber!.Status);
        await Expect(page.GetByLabel("RIZIV-nummer of naam")).ToBeVisibleAsync();

        // A pasted bidirectional-override character: the service refuses the search as malformed.
        var badSearch = await page.GotoAsync("/exclusions/add?q=dupr%E2%80%AEe");
        Assert.Equal(200, badSearch!.Status);
        await Expect(page.Locator(".results .empty")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_patient_excludes_a_provider_found_by_riziv_number_with_a_reason_and_lifts_it_after_confirming()
    {
        var inss = await Api.PatientWithConsentAndGpAsync();
        var page = await OpenAsync();
        await SignInAsync(page, inss);
        await page.GetByRole(AriaRole.Link, new() { Name = "Uitsluitingen" }).ClickAsync();
        await Expect(page.Locator(".empty")).ToHaveTextAsync("U hebt niemand uitgesloten.");
        await page.GetByRole(AriaRole.Link, new() { Name = "Uitsluiting toevoegen" }).ClickAsync();

        await page.GetByLabel("RIZIV-nummer of naam").FillAsync("1-23456-25-004");
        await page.GetByRole(AriaRole.Button, new() { Name = "Zoeken" }).ClickAsync();
        await page.Locator(".card.provider[data-nihdi='12345625004']").GetByRole(AriaRole.Link).ClickAsync();
        await page.GetByLabel("Reden (optioneel)").FillAsync("Ik wil een andere huisarts.");
        await ScreenshotAsync(page, "exclusion-add-nl-desktop");
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Opslaan" }).ClickAsync();

        await Expect(page.Locator(".notice-done")).ToHaveTextAsync("De uitsluiting is opgeslagen.");
        var row = page.Locator("tr[data-nihdi='12345625004']");
        await Expect(row).ToContainTextAsync("Émile Dupré");
        await Expect(row).ToContainTextAsync("1-23456-25-004");
        await Expect(row).ToContainTextAsync("Ik wil een andere huisarts.");
        await ScreenshotAsync(page, "exclusions-nl-desktop");
        await AssertAccessibleAsync(page);
        // The exclusion wins over the GP's relation.
        var decision = await Api.DecideAsync(inss, ServiceApi.Gp);
        Assert.Equal("deny", decision.GetProperty("decision").GetString());

        await row.GetByRole(AriaRole.Link, new() { Name = "Uitsluiting van Émile Dupré opheffen" }).ClickAsync();
        await Expect(page.Locator(".confirm h2")).ToHaveTextAsync("Uitsluiting van Émile Dupré opheffen?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Bevestig" }).ClickAsync();

        await Expect(page.Locator(".notice-done")).ToHaveTextAsync("De uitsluiting is opgeheven.");
        await Expect(page.Locator(".empty")).ToHaveTextAsync("U hebt niemand uitgesloten.");
        Assert.Equal("permit", (await Api.DecideAsync(inss, ServiceApi.Gp)).GetProperty("decision").GetString());
    }

    [Fact]
    public async Task A_refused_action_shows_the_services_reason_in_the_pages_language()
    {
        var inss = FreshPatients.Next();
        var page = await OpenAsync();
        await SignInAsync(page, inss);
        await page.GotoAsync("/exclusions/add?nihdi=12345625004");
        // A provider the directory does not list (a valid number nobody holds), as a tampered form would send.
        await page.Locator("input[name=nihdi][type=hidden]").EvaluateAsync("(e, v) => e.value = v", NotInDirectory());
        await page.GetByRole(AriaRole.Button, new() { Name = "Opslaan" }).ClickAsync();

        await Expect(page.Locator("[data-problem='unknown-provider']")).ToContainTextAsync("Deze zorgverlener staat niet in het RIZIV-register.");
        await Expect(page.Locator("body")).Not.ToContainTextAsync("Exception");
        await ScreenshotAsync(page, "refused-nl-desktop");
    }

    /// <summary>A physician number with valid mod-97 check digits and a sequence the demo directory never hands out.</summary>
    private static string NotInDirectory()
    {
        const int first6 = 199_999;
        return $"{first6}{97 - (first6 % 97):D2}004";
    }
}
