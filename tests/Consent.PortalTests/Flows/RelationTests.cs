using Consent.PortalTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Consent.PortalTests.Flows;

public sealed class RelationTests(PortalStack stack) : BrowserTest(stack)
{
    [Fact]
    public async Task On_a_phone_in_English_a_patient_adds_a_relation_found_by_name_and_ends_it_with_the_trash_icon()
    {
        var inss = FreshPatients.Next();
        var page = await OpenAsync(phone: true);
        await SignInAsync(page, inss);
        // The switch on the page, not the browser's language.
        await page.GetByRole(AriaRole.Link, new() { Name = "English (Engels)" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("My consent");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        await page.GetByRole(AriaRole.Link, new() { Name = "Therapeutic relations" }).ClickAsync();
        await Expect(page.Locator(".empty")).ToHaveTextAsync("You have no therapeutic relations.");
        await page.GetByRole(AriaRole.Link, new() { Name = "Add a therapeutic relation" }).ClickAsync();

        // First and last name in either order, without accents.
        await page.GetByLabel("RIZIV/INAMI number or name").FillAsync("dupre emile");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        var dupre = page.Locator(".card.provider[data-nihdi='12345625004']");
        await Expect(dupre).ToContainTextAsync("Émile Dupré");
        await Expect(dupre).ToContainTextAsync("1-23456-25-004");
        await Expect(dupre).ToContainTextAsync("Physician");
        await ScreenshotAsync(page, "relation-search-en-phone");
        await AssertAccessibleAsync(page);
        await dupre.GetByRole(AriaRole.Link, new() { Name = "Choose Émile Dupré" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(page.Locator(".notice-done")).ToHaveTextAsync("The therapeutic relation is saved.");
        var row = page.Locator("tr[data-nihdi='12345625004']");
        await Expect(row).ToContainTextAsync("Émile Dupré");
        await Expect(row).ToContainTextAsync("1-23456-25-004");
        await Expect(row).ToContainTextAsync("Declared by you");
        await Expect(row).ToContainTextAsync("Active");
        await Expect(row).ToContainTextAsync("you");
        await ScreenshotAsync(page, "relations-en-phone");
        await AssertAccessibleAsync(page);

        await row.GetByRole(AriaRole.Link, new() { Name = "End the therapeutic relation with Émile Dupré" }).ClickAsync();
        await Expect(page.Locator(".confirm h2")).ToHaveTextAsync("End the therapeutic relation with Émile Dupré?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();

        await Expect(page.Locator(".notice-done")).ToHaveTextAsync("The therapeutic relation has ended.");
        await Expect(row).ToHaveAttributeAsync("data-status", "ended");
        var relations = (await Api.GetPatientAsync(inss)).GetProperty("relations");
        Assert.Equal("patient-declared", relations[0].GetProperty("type").GetString());
        Assert.Equal("ended", relations[0].GetProperty("status").GetString());

        // The ending names only the relation; History names its provider all the same.
        await page.GotoAsync("/history");
        var events = page.Locator(".timeline li");
        await Expect(events).ToHaveCountAsync(2);
        await Expect(events.Nth(0)).ToContainTextAsync("Therapeutic relation ended · Émile Dupré 1-23456-25-004");
        await Expect(events.Nth(1)).ToContainTextAsync("Therapeutic relation added · Émile Dupré 1-23456-25-004");
    }
}
