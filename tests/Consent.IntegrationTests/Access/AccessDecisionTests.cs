using System.Net;
using System.Text.Json;
using Consent.Contracts.Identifiers;
using Consent.IntegrationTests.Infrastructure;

namespace Consent.IntegrationTests.Access;

/// <summary>The hub's question over HTTP: decisions, their reasons, the access log.</summary>
[Collection(ServiceCollection.Name)]
public sealed class AccessDecisionTests(SharedService service)
{
    private async Task<Inss> PatientWithConsentAndGpAsync()
    {
        var patient = TestPatients.Next();
        var client = service.Patient(patient);
        await client.PutJson($"/v1/patients/{patient}/consent");
        Assert.Equal(HttpStatusCode.Created, (await service.Provider(Demo.Gp).PostJson($"/v1/patients/{patient}/relations", new { provider = Demo.Gp, type = "gmd" })).StatusCode);
        return patient;
    }

    private async Task<JsonElement> DecideAsync(HttpClient client, object request)
    {
        var response = await client.PostJson("/v1/access-decisions", request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Json();
    }

    /// <summary>The recordedAt of every event of the patient's stream, in order.</summary>
    internal static async Task<DateTimeOffset[]> RecordedTimesAsync(HttpClient auditor, Inss patient)
    {
        var history = await (await auditor.GetAsync($"/v1/patients/{patient}/history")).Json();
        return [.. history.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("recordedAt").GetDateTimeOffset())];
    }

    private static string[] Reasons(JsonElement decision) => [.. decision.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!)];

    [Fact]
    public async Task Consent_and_a_relation_permit_and_the_decision_is_logged()
    {
        var patient = await PatientWithConsentAndGpAsync();

        var decision = await DecideAsync(service.Provider(Demo.Gp), new { patient = patient.Value, provider = Demo.Gp, documentType = "sumehr" });
        var log = await (await service.Patient(patient).GetAsync($"/v1/patients/{patient}/access-log")).Json();

        Assert.Equal("permit", decision.Str("decision"));
        Assert.Equal(["therapeutic-relation"], Reasons(decision));
        Assert.Equal(1, log.GetArrayLength());
        Assert.Equal(Demo.Gp, log[0].Str("provider"));
        Assert.Equal("sumehr", log[0].Str("documentType"));
        Assert.Equal("permit", log[0].Str("decision"));
    }

    [Fact]
    public async Task Without_consent_the_answer_is_deny_no_consent()
    {
        var patient = await PatientWithConsentAndGpAsync();
        await service.Patient(patient).DeleteAsync($"/v1/patients/{patient}/consent");

        var decision = await DecideAsync(service.Provider(Demo.Gp), new { patient = patient.Value, provider = Demo.Gp });

        Assert.Equal("deny", decision.Str("decision"));
        Assert.Equal(["no-consent", "therapeutic-relation"], Reasons(decision));
    }

    [Fact]
    public async Task An_exclusion_wins_over_a_relation_and_over_break_the_glass()
    {
        var patient = await PatientWithConsentAndGpAsync();
        await service.Patient(patient).PostJson($"/v1/patients/{patient}/exclusions", new { provider = Demo.GpOtherQualification });

        var withRelation = await DecideAsync(service.Provider(Demo.Gp), new { patient = patient.Value, provider = Demo.Gp });
        var breakingGlass = await DecideAsync(service.Provider(Demo.Gp), new { patient = patient.Value, provider = Demo.Gp, breakTheGlass = "Unconscious patient at the emergency department" });

        Assert.Equal("deny", withRelation.Str("decision"));
        Assert.Contains("excluded", Reasons(withRelation));
        Assert.Equal("deny", breakingGlass.Str("decision"));
        Assert.Contains("excluded", Reasons(breakingGlass));
    }

    [Fact]
    public async Task Break_the_glass_without_a_relation_permits_and_is_flagged_for_review()
    {
        var patient = await PatientWithConsentAndGpAsync();
        var justification = "Unconscious patient at the emergency department";

        var decision = await DecideAsync(service.Provider(Demo.Physician), new { patient = patient.Value, provider = Demo.Physician, breakTheGlass = justification });
        var without = await DecideAsync(service.Provider(Demo.Physician), new { patient = patient.Value, provider = Demo.Physician });
        var log = await (await service.Auditor().GetAsync($"/v1/patients/{patient}/access-log")).Json();

        Assert.Equal("permit", decision.Str("decision"));
        Assert.Equal(["break-the-glass"], Reasons(decision));
        Assert.True(decision.GetProperty("reviewRequired").GetBoolean());
        Assert.Equal("deny", without.Str("decision"));
        Assert.Equal(["no-therapeutic-relation"], Reasons(without));
        Assert.Equal(2, log.GetArrayLength());
        Assert.Equal(justification, log[1].Str("breakTheGlass"));
    }

    [Fact]
    public async Task The_access_matrix_decides_per_profession_and_document_type()
    {
        var patient = TestPatients.Next();
        Assert.Equal(HttpStatusCode.OK, (await service.Patient(patient).PutJson($"/v1/patients/{patient}/consent")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await service.Provider(Demo.Pharmacist).PostJson($"/v1/patients/{patient}/relations", new { provider = Demo.Pharmacist, type = "pharmacy" })).StatusCode);
        var pharmacist = service.Provider(Demo.Pharmacist);

        var medication = await DecideAsync(pharmacist, new { patient = patient.Value, provider = Demo.Pharmacist, documentType = "medication-scheme" });
        var sumehr = await DecideAsync(pharmacist, new { patient = patient.Value, provider = Demo.Pharmacist, documentType = "sumehr" });

        Assert.Equal("permit", medication.Str("decision"));
        Assert.Equal(["therapeutic-relation"], Reasons(medication));
        Assert.Equal("deny", sumehr.Str("decision"));
        Assert.Equal(["therapeutic-relation", "profession-not-permitted"], Reasons(sumehr));
    }

    [Fact]
    public async Task A_hospital_relation_covers_the_providers_working_there()
    {
        var patient = TestPatients.Next();
        Assert.Equal(HttpStatusCode.OK, (await service.Patient(patient).PutJson($"/v1/patients/{patient}/consent")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await service.His(Demo.AzDelta).PostJson($"/v1/patients/{patient}/relations", new { provider = Demo.AzDelta, type = "hospitalisation" })).StatusCode);

        var staff = await DecideAsync(service.His(Demo.AzDelta), new { patient = patient.Value, provider = Demo.Gp, documentType = "discharge-letter" });
        var outsider = await DecideAsync(service.Provider(Demo.Physician), new { patient = patient.Value, provider = Demo.Physician });
        // A hospital system asks only for itself and its staff (domain.md).
        var askedByHospitalForOutsider = await service.His(Demo.AzDelta).PostJson("/v1/access-decisions", new { patient = patient.Value, provider = Demo.Physician });

        Assert.Equal("permit", staff.Str("decision"));
        Assert.Equal(["therapeutic-relation"], Reasons(staff));
        Assert.Equal("deny", outsider.Str("decision"));
        Assert.Equal(["no-therapeutic-relation"], Reasons(outsider));
        Assert.Equal(HttpStatusCode.Forbidden, askedByHospitalForOutsider.StatusCode);
        Assert.Equal("forbidden", await askedByHospitalForOutsider.ProblemCode());
    }

    [Fact]
    public async Task An_auditor_asks_about_a_past_instant_by_what_was_recorded_then_and_is_not_logged()
    {
        var patient = await PatientWithConsentAndGpAsync();
        Assert.Equal(HttpStatusCode.OK, (await service.Patient(patient).DeleteAsync($"/v1/patients/{patient}/consent")).StatusCode);
        var auditor = service.Auditor();
        // An instant between the relation and the revocation, from the times the service recorded (not the test's clock).
        var recorded = await RecordedTimesAsync(auditor, patient);
        Assert.Equal(3, recorded.Length);
        var whileConsented = recorded[1] + ((recorded[2] - recorded[1]) / 2);

        var then = await DecideAsync(auditor, new { patient = patient.Value, provider = Demo.Gp, at = whileConsented });
        var now = await DecideAsync(auditor, new { patient = patient.Value, provider = Demo.Gp });
        var beforeAnything = await DecideAsync(auditor, new { patient = patient.Value, provider = Demo.Gp, at = whileConsented.AddDays(-1) });
        var log = await (await auditor.GetAsync($"/v1/patients/{patient}/access-log")).Json();

        Assert.Equal("permit", then.Str("decision"));
        Assert.Equal(["therapeutic-relation"], Reasons(then));
        Assert.Equal(whileConsented, then.GetProperty("at").GetDateTimeOffset());
        Assert.Equal("deny", now.Str("decision"));
        Assert.Equal(["no-consent", "therapeutic-relation"], Reasons(now));
        Assert.Equal("deny", beforeAnything.Str("decision"));
        Assert.Equal(["no-consent", "no-therapeutic-relation"], Reasons(beforeAnything));
        // The auditor's decisions are not logged; its reads of the patient are (the audit trail).
        Assert.DoesNotContain(log.EnumerateArray(), e => e.Str("decision") != "audit");
        Assert.Contains(log.EnumerateArray(), e => e.Str("decision") == "audit");
    }

    [Fact]
    public async Task An_instant_asked_with_an_offset_is_answered_in_utc()
    {
        var patient = TestPatients.Next();
        using var request = new StringContent($$"""{"patient":"{{patient.Value}}","provider":"{{Demo.Gp}}","at":"2026-03-01T10:00:00+01:00"}""",
            System.Text.Encoding.UTF8, "application/json");

        var answer = await (await service.Auditor().PostAsync("/v1/access-decisions", request)).Content.ReadAsStringAsync();

        Assert.Contains("\"at\":\"2026-03-01T09:00:00+00:00\"", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_provider_asks_only_about_itself()
    {
        var patient = await PatientWithConsentAndGpAsync();
        var response = await service.Provider(Demo.Physician).PostJson("/v1/access-decisions", new { patient = patient.Value, provider = Demo.Gp });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("forbidden", await response.ProblemCode());
    }

    [Fact]
    public async Task A_batch_answers_in_request_order_and_logs_every_decision()
    {
        var permitted = await PatientWithConsentAndGpAsync();
        var unknown = TestPatients.Next();
        var requests = Enumerable.Range(0, 300).Select(i => new { patient = (i % 2 == 0 ? permitted : unknown).Value, provider = i % 3 == 0 ? Demo.AzDelta : Demo.Gp }).ToArray();

        var response = await service.His(Demo.AzDelta).PostJson("/v1/access-decisions/batch", new { requests });
        var results = (await response.Json()).GetProperty("results").EnumerateArray().ToArray();
        var log = await (await service.Auditor().GetAsync($"/v1/patients/{permitted}/access-log?limit=500")).Json();

        Assert.Equal(300, results.Length);
        for (var i = 0; i < requests.Length; i++)
        {
            Assert.Equal(requests[i].patient, results[i].Str("patient"));
            Assert.Equal(requests[i].provider, results[i].Str("provider"));
            var expected = i % 2 == 0 && i % 3 != 0 ? "permit" : "deny";
            Assert.Equal(expected, results[i].Str("decision"));
        }
        Assert.Equal(150, log.GetArrayLength());
    }

    [Fact]
    public async Task The_access_log_pages_newest_first()
    {
        var patient = await PatientWithConsentAndGpAsync();
        var gp = service.Provider(Demo.Gp);
        foreach (var type in new[] { "sumehr", "vaccination", "lab-result" })
        {
            await DecideAsync(gp, new { patient = patient.Value, provider = Demo.Gp, documentType = type });
        }
        var patientClient = service.Patient(patient);

        var first = await patientClient.GetAsync($"/v1/patients/{patient}/access-log?limit=2");
        var firstPage = await first.Json();
        var next = first.Headers.GetValues("Link").Single().Split(';')[0].Trim('<', '>');
        var secondPage = await (await patientClient.GetAsync(next)).Json();

        Assert.Equal(["lab-result", "vaccination"], firstPage.EnumerateArray().Select(e => e.Str("documentType")));
        Assert.Equal(["sumehr"], secondPage.EnumerateArray().Select(e => e.Str("documentType")));
    }
}
