using System.Net;
using Consent.IntegrationTests.Infrastructure;

namespace Consent.IntegrationTests.Auditing;

/// <summary>Auditors are audited: each of their reads of a patient is in that patient's access log, which the patient reads.</summary>
[Collection(ServiceCollection.Name)]
public sealed class AuditedReadsTests(SharedService service)
{
    [Fact]
    public async Task An_auditor_s_reads_are_in_the_patient_s_access_log_and_the_patient_s_own_are_not()
    {
        var patient = TestPatients.Next();
        var self = service.Patient(patient);
        await self.PutJson($"/v1/patients/{patient}/consent");
        await self.GetAsync($"/v1/patients/{patient}/history");
        var auditor = service.Auditor();

        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/v1/patients/{patient}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/v1/patients/{patient}?at=2026-01-01T00:00:00Z")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/v1/patients/{patient}/history")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/v1/patients/{patient}/access-log")).StatusCode);
        var export = new HttpRequestMessage(HttpMethod.Get, $"/v1/patients/{patient}/export");
        export.Headers.Accept.ParseAdd("application/x-ndjson");
        Assert.Equal(HttpStatusCode.OK, (await auditor.SendAsync(export)).StatusCode);

        var log = await (await self.GetAsync($"/v1/patients/{patient}/access-log")).Json();
        var reads = log.EnumerateArray().Select(e => (e.Str("decision"), e.GetProperty("reasons")[0].GetString(), e.Str("provider"))).ToList();

        Assert.Equal(
            [("audit", "ExportPatient"), ("audit", "GetAccessLog"), ("audit", "GetHistory"), ("audit", "GetPatient"), ("audit", "GetPatient")],
            reads.Select(r => (r.Item1, r.Item2)));
        Assert.All(reads, r => Assert.StartsWith("auditor:", r.Item3, StringComparison.Ordinal));
        var asOf = log.EnumerateArray().Last(e => e.GetProperty("reasons")[0].GetString() == "GetPatient" && e.GetProperty("decidedFor").GetDateTimeOffset().Year == 2026
            && e.GetProperty("decidedFor").GetDateTimeOffset() == new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal("audit", asOf.Str("decision"));
    }

    [Fact]
    public async Task An_auditor_s_integrity_check_and_explanation_are_reads_too_and_an_instant_is_recorded_only_for_a_state_as_of()
    {
        var patient = TestPatients.Next();
        var self = service.Patient(patient);
        await self.PutJson($"/v1/patients/{patient}/consent");
        await service.Provider(Demo.Gp).PostJson("/v1/access-decisions", new { patient = patient.Value, provider = Demo.Gp });
        var logged = (await (await self.GetAsync($"/v1/patients/{patient}/access-log")).Json())[0].GetProperty("id").GetInt64();
        var auditor = service.Auditor();

        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/v1/patients/{patient}/integrity")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/v1/patients/{patient}/access-log/{logged}/explanation")).StatusCode);
        // history has no as-of: an at sent along is not the instant of the read.
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/v1/patients/{patient}/history?at=2020-01-01T00:00:00Z")).StatusCode);

        var log = await (await self.GetAsync($"/v1/patients/{patient}/access-log")).Json();
        var audits = log.EnumerateArray().Where(e => e.Str("decision") == "audit").ToList();
        Assert.Equal(["GetHistory", "ExplainDecision", "GetIntegrity"], audits.Select(e => e.GetProperty("reasons")[0].GetString()));
        Assert.True(audits[0].GetProperty("decidedFor").GetDateTimeOffset().Year > 2020);
    }

    [Fact]
    public async Task An_auditor_s_refused_read_writes_nothing_to_the_patient_s_access_log()
    {
        var patient = TestPatients.Next();
        var self = service.Patient(patient);
        await self.PutJson($"/v1/patients/{patient}/consent");
        var auditor = service.Auditor();

        Assert.Equal(HttpStatusCode.BadRequest, (await auditor.GetAsync($"/v1/patients/{patient}?at=yesterday")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await auditor.GetAsync($"/v1/patients/{patient}/access-log?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await auditor.GetAsync($"/v1/patients/{patient}/access-log/999999999/explanation")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/v1/patients/{patient}/consent")).StatusCode);

        var log = await (await self.GetAsync($"/v1/patients/{patient}/access-log")).Json();
        Assert.Equal(["GetConsent"], log.EnumerateArray().Select(e => e.GetProperty("reasons")[0].GetString()));
    }
}
