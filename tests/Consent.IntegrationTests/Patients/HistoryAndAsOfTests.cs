using System.Net;
using Consent.IntegrationTests.Infrastructure;

namespace Consent.IntegrationTests.Patients;

/// <summary>Auditors replay a patient's history and see the state as recorded at any instant.</summary>
[Collection(ServiceCollection.Name)]
public sealed class HistoryAndAsOfTests(SharedService service)
{
    [Fact]
    public async Task The_patient_view_at_an_instant_shows_what_was_recorded_then()
    {
        var patient = TestPatients.Next();
        var client = service.Patient(patient);
        Assert.Equal(HttpStatusCode.OK, (await client.PutJson($"/v1/patients/{patient}/consent")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostJson($"/v1/patients/{patient}/relations", new { provider = Demo.Gp })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"/v1/patients/{patient}/consent")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostJson($"/v1/patients/{patient}/exclusions", new { provider = Demo.Gp })).StatusCode);
        // Between the relation and the revocation by the times the service recorded, not by the test's clock.
        var recorded = await Access.AccessDecisionTests.RecordedTimesAsync(service.Auditor(), patient);
        Assert.Equal(4, recorded.Length);
        var between = recorded[1] + ((recorded[2] - recorded[1]) / 2);

        var then = await service.Auditor().GetAsync($"/v1/patients/{patient}?at={Uri.EscapeDataString(between.ToString("O"))}");
        var now = await (await service.Auditor().GetAsync($"/v1/patients/{patient}")).Json();
        var before = await (await service.Auditor().GetAsync($"/v1/patients/{patient}?at=2000-01-01T00:00:00Z")).Json();

        var view = await then.Json();
        Assert.Equal(HttpStatusCode.OK, then.StatusCode);
        Assert.Equal("given", view.GetProperty("consent").Str("status"));
        Assert.Equal(0, view.GetProperty("exclusions").GetArrayLength());
        Assert.Equal(1, view.GetProperty("relations").GetArrayLength());
        Assert.Equal(2, view.GetProperty("version").GetInt64());
        Assert.Equal("revoked", now.GetProperty("consent").Str("status"));
        Assert.Equal(4, now.GetProperty("version").GetInt64());
        Assert.Equal("none", before.GetProperty("consent").Str("status"));
    }

    [Fact]
    public async Task History_lists_every_event_with_its_envelope()
    {
        var patient = TestPatients.Next();
        var client = service.Patient(patient);
        await client.PutJson($"/v1/patients/{patient}/consent", null, ("X-Correlation-Id", "portal-session-42"));
        await client.PostJson($"/v1/patients/{patient}/exclusions", new { provider = Demo.Gp, reason = "r" });

        var history = await (await client.GetAsync($"/v1/patients/{patient}/history")).Json();
        var events = history.GetProperty("events").EnumerateArray().ToList();

        Assert.Equal([1L, 2L], events.Select(e => e.GetProperty("version").GetInt64()));
        Assert.Equal("portal-session-42", events[0].Str("correlationId"));
        Assert.Equal("portal", events[0].Str("channel"));
        Assert.Equal(patient.Value, events[0].GetProperty("actor").Str("id"));
        Assert.Equal(Demo.Gp, events[1].GetProperty("data").Str("provider"));
        Assert.True(events[1].GetProperty("position").GetInt64() > events[0].GetProperty("position").GetInt64());
    }

    [Fact]
    public async Task An_invalid_instant_is_a_clear_problem()
    {
        var patient = TestPatients.Next();
        var response = await service.Auditor().GetAsync($"/v1/patients/{patient}?at=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid-request", await response.ProblemCode());
    }
}
