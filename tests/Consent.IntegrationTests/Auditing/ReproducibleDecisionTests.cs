using System.Net;
using Consent.Contracts.Identifiers;
using Consent.IntegrationTests.Infrastructure;
using Consent.IntegrationTests.Providers;
using Consent.Service.Providers;

namespace Consent.IntegrationTests.Auditing;

/// <summary>
/// A past decision is reproducible (domain.md): evaluated again as of its instant and position, with the
/// directory as it was then, every logged decision gives the same outcome and reasons, across consent
/// changes, ended relations, exclusions and a provider leaving a hospital.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class ReproducibleDecisionTests(SharedService service)
{
    [Fact]
    public async Task Every_logged_decision_reevaluates_the_same_across_the_record_s_and_the_directory_s_changes()
    {
        var patient = TestPatients.Next();
        var self = service.Patient(patient);
        var hospital = service.His(Demo.AzDelta);
        var staff = StaffMembers.Next("Reproducible");
        Assert.Equal(HttpStatusCode.OK, (await service.ImportAsync(staff with { Institutions = [AzDelta] })).StatusCode);

        async Task<string> AskAsync(HttpClient client, string provider, string? documentType = null)
        {
            var response = await client.PostJson("/v1/access-decisions",
                documentType is null ? new { patient = patient.Value, provider } : new { patient = patient.Value, provider, documentType });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Json()).Str("decision");
        }

        await AskAsync(hospital, staff.Nihdi.Value);                                       // no consent
        await self.PutJson($"/v1/patients/{patient}/consent");
        await hospital.PostJson($"/v1/patients/{patient}/relations", new { provider = Demo.AzDelta, type = "hospitalisation" });
        await AskAsync(hospital, staff.Nihdi.Value, "discharge-letter");                   // permit through the hospital
        var gpRelation = await (await service.Provider(Demo.Gp).PostJson($"/v1/patients/{patient}/relations", new { provider = Demo.Gp, type = "gmd" })).Json();
        await AskAsync(service.Provider(Demo.Gp), Demo.Gp, "sumehr");                      // permit, personal
        await AskAsync(service.Provider(Demo.Pharmacist), Demo.Pharmacist);                // no relation

        Assert.Equal(HttpStatusCode.OK, (await service.ImportAsync(staff with { Institutions = [] })).StatusCode);   // leaves the hospital
        Assert.Equal("deny", await AskAsync(service.Provider(staff.Nihdi.Value), staff.Nihdi.Value));   // at once, on the service that imported
        await service.Provider(Demo.Gp).DeleteAsync($"/v1/patients/{patient}/relations/{gpRelation.Str("id")}");
        await AskAsync(service.Provider(Demo.Gp), Demo.Gp);                                // relation ended
        await self.PostJson($"/v1/patients/{patient}/exclusions", new { provider = Demo.AzDelta });
        await AskAsync(hospital, Demo.AzDelta);                                            // excluded
        await self.DeleteAsync($"/v1/patients/{patient}/consent");
        await AskAsync(hospital, Demo.AzDelta);                                            // revoked and excluded

        var auditor = service.Auditor();
        var log = await (await auditor.GetAsync($"/v1/patients/{patient}/access-log?limit=50")).Json();
        Assert.Equal(8, log.GetArrayLength());
        Assert.Contains(log.EnumerateArray(), e => e.Str("decision") == "permit");
        var version = (await auditor.GetAsync($"/v1/patients/{patient}")).Headers.ETag;
        Assert.NotNull(version);
        foreach (var entry in log.EnumerateArray())
        {
            var explained = await auditor.GetAsync($"/v1/patients/{patient}/access-log/{entry.GetProperty("id").GetInt64()}/explanation");
            Assert.Equal(HttpStatusCode.OK, explained.StatusCode);
            Assert.Equal(version, explained.Headers.ETag);
            var json = await explained.Json();
            Assert.True(json.GetProperty("same").GetBoolean(), $"decision {entry.GetProperty("id")} re-evaluated differently: {json}");
            Assert.Equal(entry.Str("decision"), json.GetProperty("reevaluated").Str("decision"));
        }

        // The staff member's first, permitted decision is reproduced with the directory of then, not of now.
        var first = log.EnumerateArray().Last(e => e.Str("provider") == staff.Nihdi.Value && e.Str("decision") == "permit");
        Assert.Equal(["therapeutic-relation"], first.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Only_an_auditor_has_a_decision_explained_and_an_unknown_id_is_404()
    {
        var patient = TestPatients.Next();

        var asPatient = await service.Patient(patient).GetAsync($"/v1/patients/{patient}/access-log/1/explanation");
        var unknown = await service.Auditor().GetAsync($"/v1/patients/{patient}/access-log/999999999/explanation");

        Assert.Equal(HttpStatusCode.Forbidden, asPatient.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("not-found", await unknown.ProblemCode());
    }

    private static readonly ProviderId AzDelta = ProviderId.TryParse(Demo.AzDelta, out var id) ? id.Value : throw new InvalidOperationException();
}
