using System.Net;
using System.Text.Json;
using Consent.IntegrationTests.Infrastructure;
using Consent.Service.Auditing;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Task = System.Threading.Tasks.Task;

namespace Consent.IntegrationTests.Auditing;

/// <summary>The FHIR export, read back with the Firely SDK's own parser, maps every kind of fact as domain.md says.</summary>
[Collection(ServiceCollection.Name)]
public sealed class FhirExportTests(SharedService service)
{
    [Fact]
    public async Task A_patient_with_consent_relations_an_ended_relation_and_an_exclusion_maps_to_one_consent_with_its_provisions()
    {
        var patient = TestPatients.Next();
        var client = service.Patient(patient);
        await client.PutJson($"/v1/patients/{patient}/consent");
        var personal = await (await client.PostJson($"/v1/patients/{patient}/relations", new { provider = Demo.Gp })).Json();
        await service.His(Demo.AzDelta).PostJson($"/v1/patients/{patient}/relations", new { provider = Demo.AzDelta, type = "hospitalisation" });
        var ended = await (await client.PostJson($"/v1/patients/{patient}/relations", new { provider = Demo.Physician })).Json();
        await client.DeleteAsync($"/v1/patients/{patient}/relations/{ended.Str("id")}");
        await client.PostJson($"/v1/patients/{patient}/exclusions", new { provider = Demo.Nurse });
        var view = await (await client.GetAsync($"/v1/patients/{patient}")).Json();
        var endedNow = view.GetProperty("relations").EnumerateArray().Single(r => r.Str("id") == ended.Str("id"));

        var response = await ExportTests.Export(service.Auditor(), patient, ExportEndpoints.FhirJson);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ExportEndpoints.FhirJson, response.Content.Headers.ContentType?.MediaType);
        var bundle = JsonSerializer.Deserialize<Bundle>(await response.Content.ReadAsStringAsync(), new JsonSerializerOptions().ForFhir())!;
        var consent = Assert.IsType<Hl7.Fhir.Model.Consent>(Assert.Single(bundle.Entry).Resource);
        Assert.Equal(Hl7.Fhir.Model.Consent.ConsentState.Active, consent.Status);
        Assert.Equal("patient-privacy", Assert.Single(consent.Scope!.Coding).Code);
        Assert.Equal(patient.Value, consent.Patient!.Identifier!.Value);
        Assert.Equal(FhirExport.SsinSystem, consent.Patient!.Identifier!.System);
        Assert.Equal(Hl7.Fhir.Model.Consent.ConsentProvisionType.Permit, consent.Provision!.Type);
        Assert.NotNull(consent.Provision!.Period!.Start);
        Assert.Null(consent.Provision!.Period!.End);

        var provisions = consent.Provision!.Provision;
        // The exclusion is a deny, listed before any permit, naming the practitioner.
        var deny = provisions[0];
        Assert.Equal(Hl7.Fhir.Model.Consent.ConsentProvisionType.Deny, deny.Type);
        Assert.Equal(("Practitioner", Demo.Nurse), ActorOf(deny));
        Assert.Single(provisions, p => p.Type == Hl7.Fhir.Model.Consent.ConsentProvisionType.Deny);

        var gp = provisions.Single(p => ActorOf(p) == ("Practitioner", Demo.Gp));
        Assert.Equal(Hl7.Fhir.Model.Consent.ConsentProvisionType.Permit, gp.Type);
        Assert.Equal(Instant(personal.Str("start")), Instant(gp.Period!.Start));
        Assert.Equal(Instant(personal.Str("end")), Instant(gp.Period!.End));
        Assert.Equal("patient-declared", Assert.Single(gp.Code).Coding[0].Code);

        var hospital = provisions.Single(p => ActorOf(p) == ("Organization", Demo.AzDelta));
        Assert.Equal(Hl7.Fhir.Model.Consent.ConsentProvisionType.Permit, hospital.Type);
        Assert.Equal("hospitalisation", hospital.Code[0].Coding[0].Code);

        // An ended relation's period ends when it was ended, not at its planned end.
        var endedProvision = provisions.Single(p => ActorOf(p) == ("Practitioner", Demo.Physician));
        Assert.Equal("ended", endedNow.Str("status"));
        Assert.True(Instant(endedProvision.Period!.End) < Instant(ended.Str("end")));
        Assert.True(Instant(endedProvision.Period!.End) <= DateTimeOffset.UtcNow);

        var breakTheGlass = Assert.Single(provisions, p => p.Purpose.Count > 0);
        Assert.Equal(("http://terminology.hl7.org/CodeSystem/v3-ActReason", "ETREAT"), (breakTheGlass.Purpose[0].System, breakTheGlass.Purpose[0].Code));
        Assert.Empty(breakTheGlass.Actor);
    }

    [Fact]
    public async Task A_revoked_consent_is_inactive_and_its_period_ends_at_the_revocation()
    {
        var patient = TestPatients.Next();
        var client = service.Patient(patient);
        await client.PutJson($"/v1/patients/{patient}/consent");
        var revoked = await (await client.DeleteAsync($"/v1/patients/{patient}/consent")).Json();

        var response = await ExportTests.Export(client, patient, ExportEndpoints.FhirJson);

        var bundle = JsonSerializer.Deserialize<Bundle>(await response.Content.ReadAsStringAsync(), new JsonSerializerOptions().ForFhir())!;
        var consent = (Hl7.Fhir.Model.Consent)bundle.Entry[0].Resource!;
        Assert.Equal(Hl7.Fhir.Model.Consent.ConsentState.Inactive, consent.Status);
        Assert.Equal(Instant(revoked.Str("changedAt")), Instant(consent.Provision!.Period!.End));
        Assert.True(Instant(consent.Provision!.Period!.Start) < Instant(consent.Provision!.Period!.End));
    }

    private static (string? Type, string? Value) ActorOf(Hl7.Fhir.Model.Consent.provisionComponent provision) =>
        provision.Actor.Count == 1 ? (provision.Actor[0].Reference!.Type, provision.Actor[0].Reference!.Identifier!.Value) : (null, null);

    private static DateTimeOffset Instant(string? value) =>
        DateTimeOffset.Parse(value ?? throw new Xunit.Sdk.XunitException("an instant is missing"), System.Globalization.CultureInfo.InvariantCulture);
}
