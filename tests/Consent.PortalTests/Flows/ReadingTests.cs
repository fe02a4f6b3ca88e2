using Consent.PortalTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Consent.PortalTests.Flows;

/// <summary>Wie zag mijn gegevens, wie kan mijn gegevens zien, geschiedenis.</summary>
public sealed class ReadingTests(PortalStack stack) : BrowserTest(stack)
{
    /// <summary>Dr. Zoë Claes, a physician of the demo directory with no relation to the fresh patients.</summary>
    private const string OtherPhysician = "12003749003";

    [Fact]
    public async Task The_access_log_shows_the_newest_first_a_page_at_a_time_with_break_the_glass_marked()
    {
        var patientWithConsent = await Api.PatientWithConsentAndGpAsync();
        for (var i = 0; i < 22; i++)
        {
            await Api.DecideAsync(patientWithConsent, ServiceApi.Gp, i % 2 == 0 ? "sumehr" : "medication-scheme");
        }
        // The newest: a provider without relation breaks the glass.
        await Api.DecideAsync(patientWithConsent, OtherPhysician, "sumehr", breakTheGlass: "Bewusteloze patiënt op spoed, geen huisarts bereikbaar.");

        var page = await OpenAsync();
        await SignInAsync(page, patientWithConsent);
        await page.GetByRole(AriaRole.Link, new() { Name = "Wie zag mijn gegevens" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Wie zag mijn gegevens");

        var rows = page.Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(20);
        var newest = rows.First;
        await Expect(newest).ToHaveClassAsync("break-the-glass");
        await Expect(newest.Locator("[data-break-the-glass]")).ToContainTextAsync("Toegang in nood (break-the-glass)");
        await Expect(newest).ToContainTextAsync("Bewusteloze patiënt op spoed");
        await Expect(rows.Nth(1)).ToContainTextAsync("Émile Dupré");
        await Expect(rows.Nth(1)).ToContainTextAsync("Toegestaan");
        await Expect(rows.Nth(1)).ToContainTextAsync("therapeutische relatie");
        await ScreenshotAsync(page, "access-log-nl-desktop");
        await AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Oudere toegangen" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(page.Locator("tbody tr.break-the-glass")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Oudere toegangen" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Nieuwste toegangen" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(20);
    }

    [Fact]
    public async Task An_auditors_read_is_in_the_access_log_in_the_patients_words()
    {
        var inss = await Api.PatientWithConsentAndGpAsync();
        await Api.ReadAsAuditorAsync(inss);
        var page = await OpenAsync();
        await SignInAsync(page, inss);

        await page.GetByRole(AriaRole.Link, new() { Name = "Wie zag mijn gegevens" }).ClickAsync();

        var row = page.Locator("tr[data-decision='audit']");
        await Expect(row).ToContainTextAsync("Auditor");
        await Expect(row).ToContainTextAsync("Ingekeken door een auditor");
        await Expect(row).ToContainTextAsync("uw dossier");
        await Expect(row).Not.ToContainTextAsync("GetPatient");
    }

    [Fact]
    public async Task Who_can_see_my_data_lists_the_gp_and_the_history_shows_who_changed_what_through_which_channel()
    {
        var inss = await Api.PatientWithConsentAndGpAsync();
        var page = await OpenAsync(locale: "en-US");
        await SignInAsync(page, inss);

        await page.GetByRole(AriaRole.Link, new() { Name = "Who can see my data" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Who can see my data");
        var gp = page.Locator("tr[data-nihdi='12345625004']");
        await Expect(gp).ToContainTextAsync("Émile Dupré");
        await Expect(gp).ToContainTextAsync("Global medical record (GMD)");
        await ScreenshotAsync(page, "visible-to-en-desktop");
        await AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "History" }).ClickAsync();
        var events = page.Locator(".timeline li");
        await Expect(events).ToHaveCountAsync(2);
        // Newest first: the GP's software registered the relation after the patient gave consent in the portal.
        await Expect(events.Nth(0)).ToContainTextAsync("Therapeutic relation added · Émile Dupré 1-23456-25-004");
        await Expect(events.Nth(0)).ToContainTextAsync("the provider's software");
        await Expect(events.Nth(1)).ToContainTextAsync("Consent activated");
        await Expect(events.Nth(1)).ToContainTextAsync("the portal");
        await ScreenshotAsync(page, "history-en-desktop");
        await AssertAccessibleAsync(page);

        // Revoked consent: nobody can see the data, and the page says so.
        await page.GetByRole(AriaRole.Link, new() { Name = "Consent" }).First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Deactivate" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm: deactivate" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Who can see my data" }).ClickAsync();
        await Expect(page.Locator("[data-visible='none']")).ToContainTextAsync("nobody can see your data");
    }
}
