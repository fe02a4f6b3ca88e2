using System.Net;
using Consent.IntegrationTests.Infrastructure;

namespace Consent.IntegrationTests.Patients;

/// <summary>What a patient does in the portal, over HTTP against the real database.</summary>
[Collection(ServiceCollection.Name)]
public sealed class ConsentAndRelationTests(SharedService service)
{
    [Fact]
    public async Task Every_patient_response_carries_the_streams_version_as_its_ETag()
    {
        var patient = TestPatients.Next();
        var self = service.Patient(patient);
        Assert.Equal(HttpStatusCode.OK, (await self.PutJson($"/v1/patients/{patient}/consent")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await self.PostJson($"/v1/patients/{patient}/relations", new { provider = Demo.Gp })).StatusCode);

        string[] reads = ["", "/consent", "/relations", "/exclusions", "/history", "/access-log", "/visible-to"];
        foreach (var read in reads)
        {
            var response = await self.GetAsync($"/v1/patients/{patient}{read}");
            Assert.True(HttpStatusCode.OK == response.StatusCode, $"GET {read}: {response.StatusCode}");
            Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        }
        var integrity = await service.Auditor().GetAsync($"/v1/patients/{patient}/integrity");
        Assert.Equal("\"2\"", integrity.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task A_relation_dated_in_another_offset_is_kept_and_answered_in_utc_and_its_duration_counted_there()
    {
        var patient = TestPatients.Next();
        var self = service.Patient(patient);
        using var body = new StringContent($$"""{"provider":"{{Demo.Gp}}","start":"2026-01-31T00:30:00+01:00"}""", System.Text.Encoding.UTF8, "application/json");

        var added = await (await self.PostAsync($"/v1/patients/{patient}/relations", body)).Content.ReadAsStringAsync();

        // The same instant as 2026-01-30T23:30Z, and fifteen months (patient-declared) from there.
        Assert.Contains("\"start\":\"2026-01-30T23:30:00+00:00\"", added, StringComparison.Ordinal);
        Assert.Contains("\"end\":\"2027-04-30T23:30:00+00:00\"", added, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Activeren_then_Deactiveren_changes_consent_and_repeats_change_nothing()
    {
        var patient = TestPatients.Next();
        var client = service.Patient(patient);
        var url = $"/v1/patients/{patient}/consent";

        var initial = await (await client.GetAsync(url)).Json();
        var given = await client.PutJson(url);
        var givenAgain = await client.PutJson(url);
        var revoked = await client.DeleteAsync(url);
        var revokedAgain = await client.DeleteAsync(url);

        Assert.Equal("none", initial.Str("status"));
        Assert.Equal(HttpStatusCode.OK, given.StatusCode);
        Assert.Equal("given", (await given.Json()).Str("status"));
        Assert.Equal("retrospective", (await given.Json()).Str("type"));
        Assert.Equal(1, given.Version());
        Assert.Equal(1, givenAgain.Version());
        Assert.Equal("revoked", (await revoked.Json()).Str("status"));
        Assert.Equal(2, revoked.Version());
        Assert.Equal(2, revokedAgain.Version());
        var history = await (await client.GetAsync($"/v1/patients/{patient}/history")).Json();
        Assert.Equal(["consent-given", "consent-revoked"], history.GetProperty("events").EnumerateArray().Select(e => e.Str("type")));
        Assert.True(revoked.Position() > given.Position());
    }

    [Fact]
    public async Task Prospective_consent_and_the_actor_are_recorded()
    {
        var patient = TestPatients.Next();
        var gp = service.Provider(Demo.Gp);

        var given = await gp.PutJson($"/v1/patients/{patient}/consent", new { type = "prospective" });

        var consent = await given.Json();
        Assert.Equal("prospective", consent.Str("type"));
        // The provider's answer names no actor (api.md); the record does.
        Assert.False(consent.TryGetProperty("changedBy", out _));
        var history = await (await service.Auditor().GetAsync($"/v1/patients/{patient}/history")).Json();
        var entry = history.GetProperty("events")[0];
        Assert.Equal("provider", entry.GetProperty("actor").Str("kind"));
        Assert.Equal(Demo.Gp, entry.GetProperty("actor").Str("id"));
        Assert.Equal("provider-software", entry.Str("channel"));
        Assert.False(string.IsNullOrEmpty(entry.Str("correlationId")));
    }

    [Fact]
    public async Task A_patient_declares_a_relation_with_default_type_and_duration_and_ends_it()
    {
        var patient = TestPatients.Next();
        var client = service.Patient(patient);

        var added = await client.PostJson($"/v1/patients/{patient}/relations", new { provider = "1-23456-25-004" });
        var relation = await added.Json();
        var start = relation.GetProperty("start").GetDateTimeOffset();
        var end = relation.GetProperty("end").GetDateTimeOffset();

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal("patient-declared", relation.Str("type"));
        Assert.Equal("patient-declaration", relation.Str("proof"));
        Assert.Equal("active", relation.Str("status"));
        Assert.Equal("Dupré", relation.GetProperty("provider").Str("lastName"));
        Assert.Equal(start.AddMonths(15), end);
        Assert.Equal($"/v1/patients/{patient}/relations/{relation.Str("id")}", added.Headers.Location!.OriginalString);

        var ended = await client.DeleteAsync($"/v1/patients/{patient}/relations/{relation.Str("id")}");
        var all = await (await client.GetAsync($"/v1/patients/{patient}/relations")).Json();
        var active = await (await client.GetAsync($"/v1/patients/{patient}/relations?status=active")).Json();

        Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        Assert.Equal("ended", all[0].Str("status"));
        Assert.Equal(0, active.GetArrayLength());
    }

    [Fact]
    public async Task Registering_the_same_provider_and_type_again_renews_instead_of_adding()
    {
        var patient = TestPatients.Next();
        var gp = service.Provider(Demo.Gp);
        var url = $"/v1/patients/{patient}/relations";
        // A provider may date a relation at most a day back (domain.md).
        var start = DateTimeOffset.UtcNow.AddHours(-20);

        var first = await gp.PostJson(url, new { provider = Demo.Gp, type = "consultation", start, proof = "eid-reading" });
        var again = await gp.PostJson(url, new { provider = Demo.GpOtherQualification, type = "consultation", proof = "eid-reading" });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal((await first.Json()).Str("id"), (await again.Json()).Str("id"));
        Assert.True((await again.Json()).GetProperty("end").GetDateTimeOffset() > (await first.Json()).GetProperty("end").GetDateTimeOffset());
        var relations = await (await service.Patient(patient).GetAsync(url)).Json();
        Assert.Equal(1, relations.GetArrayLength());
        var history = await (await service.Patient(patient).GetAsync($"/v1/patients/{patient}/history")).Json();
        Assert.Equal(["therapeutic-relation-added", "therapeutic-relation-renewed"], history.GetProperty("events").EnumerateArray().Select(e => e.Str("type")));
    }

    [Fact]
    public async Task A_provider_ends_only_its_own_relations_and_a_hospital_only_its_institutions()
    {
        var patient = TestPatients.Next();
        var url = $"/v1/patients/{patient}/relations";
        var own = await (await service.Provider(Demo.Gp).PostJson(url, new { provider = Demo.Gp, type = "gmd" })).Json();
        var hospital = await (await service.His(Demo.AzDelta).PostJson(url, new { provider = Demo.AzDelta, type = "hospitalisation" })).Json();

        var otherProvider = await service.Provider(Demo.Physician).DeleteAsync($"{url}/{own.Str("id")}");
        var otherHospital = await service.His(Demo.UzGent).DeleteAsync($"{url}/{hospital.Str("id")}");
        var ownHospital = await service.His(Demo.AzDelta).DeleteAsync($"{url}/{hospital.Str("id")}");
        var ownProvider = await service.Provider(Demo.Gp).DeleteAsync($"{url}/{own.Str("id")}");
        var unknown = await service.Patient(patient).DeleteAsync($"{url}/{Guid.NewGuid()}");

        // Someone else's relation answers as an unknown one: its id is not the caller's to learn.
        Assert.Equal(HttpStatusCode.NotFound, otherProvider.StatusCode);
        Assert.Equal("unknown-relation", await otherProvider.ProblemCode());
        Assert.Equal(HttpStatusCode.NotFound, otherHospital.StatusCode);
        Assert.Equal("unknown-relation", await otherHospital.ProblemCode());
        Assert.Equal(HttpStatusCode.NoContent, ownHospital.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, ownProvider.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("unknown-relation", await unknown.ProblemCode());
        // The refused ends wrote nothing: two additions, two ends by their holders.
        Assert.Equal(
            ["therapeutic-relation-added", "therapeutic-relation-added", "therapeutic-relation-ended", "therapeutic-relation-ended"],
            await EventTypesAsync(patient));
    }

    private async Task<string[]> EventTypesAsync(Consent.Contracts.Identifiers.Inss patient)
    {
        var history = await (await service.Auditor().GetAsync($"/v1/patients/{patient}/history")).Json();
        return [.. history.GetProperty("events").EnumerateArray().Select(e => e.Str("type"))];
    }

    [Fact]
    public async Task A_hospital_registers_relations_for_its_staff_but_not_for_others()
    {
        var patient = TestPatients.Next();
        var url = $"/v1/patients/{patient}/relations";

        var staff = await service.His(Demo.AzDelta).PostJson(url, new { provider = Demo.Gp, type = "hospitalisation" });
        var outsider = await service.His(Demo.AzDelta).PostJson(url, new { provider = Demo.Physician, type = "hospitalisation" });
        var anotherProvider = await service.Provider(Demo.Physician).PostJson(url, new { provider = Demo.Gp, type = "consultation" });

        Assert.Equal(HttpStatusCode.Created, staff.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, outsider.StatusCode);
        Assert.Equal("forbidden", await outsider.ProblemCode());
        Assert.Equal(HttpStatusCode.Forbidden, anotherProvider.StatusCode);
        Assert.Equal("forbidden", await anotherProvider.ProblemCode());
        // Only the staff member's relation was written.
        Assert.Equal(["therapeutic-relation-added"], await EventTypesAsync(patient));
        var relations = await (await service.Auditor().GetAsync(url)).Json();
        Assert.Equal(Demo.Gp, Assert.Single(relations.EnumerateArray()).GetProperty("provider").Str("nihdi"));
    }

    [Fact]
    public async Task Exclusions_are_added_once_lifted_and_listed_by_eight_digit_identity()
    {
        var patient = TestPatients.Next();
        var client = service.Patient(patient);
        var url = $"/v1/patients/{patient}/exclusions";

        var added = await client.PostJson(url, new { provider = Demo.Gp, reason = "Geen vertrouwen" });
        var again = await client.PostJson(url, new { provider = Demo.GpOtherQualification });
        var listed = await (await client.GetAsync(url)).Json();
        var lifted = await client.DeleteAsync($"{url}/1-23456-25-003");
        var liftedAgain = await client.DeleteAsync($"{url}/12345625");
        var afterLift = await (await client.GetAsync(url)).Json();

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, listed.GetArrayLength());
        Assert.Equal("Geen vertrouwen", listed[0].Str("reason"));
        Assert.Equal("patient", listed[0].GetProperty("by").Str("kind"));
        Assert.Equal(HttpStatusCode.NoContent, lifted.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, liftedAgain.StatusCode);
        Assert.Equal(0, afterLift.GetArrayLength());
        Assert.Equal(2, lifted.Version());
        Assert.Equal(2, liftedAgain.Version());
        // The repeated add and the lift of nothing wrote no event.
        Assert.Equal(["exclusion-added", "exclusion-lifted"], await EventTypesAsync(patient));
    }

    [Fact]
    public async Task Revoking_consent_keeps_relations_and_exclusions()
    {
        var patient = TestPatients.Next();
        var client = service.Patient(patient);
        await client.PutJson($"/v1/patients/{patient}/consent");
        await client.PostJson($"/v1/patients/{patient}/relations", new { provider = Demo.Gp });
        await client.PostJson($"/v1/patients/{patient}/exclusions", new { provider = Demo.Nurse });

        await client.DeleteAsync($"/v1/patients/{patient}/consent");
        var view = await (await client.GetAsync($"/v1/patients/{patient}")).Json();

        Assert.Equal("revoked", view.GetProperty("consent").Str("status"));
        Assert.Equal(1, view.GetProperty("relations").GetArrayLength());
        Assert.Equal(1, view.GetProperty("exclusions").GetArrayLength());
        Assert.Equal(4, view.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_parent_acts_for_a_represented_child_and_the_record_shows_who_acted()
    {
        var parent = TestPatients.Next();
        var child = TestPatients.Next();
        var client = service.ClientFor("patient", parent.Value, represents: [child.Value]);

        var given = await client.PutJson($"/v1/patients/{child}/consent");
        var stranger = await service.Patient(TestPatients.Next()).PutJson($"/v1/patients/{child}/consent");

        var by = (await given.Json()).GetProperty("changedBy");
        Assert.Equal(HttpStatusCode.OK, given.StatusCode);
        Assert.Equal("representative", by.Str("kind"));
        Assert.Equal(parent.Value, by.Str("id"));
        Assert.Equal(child.Value, by.Str("onBehalfOf"));
        Assert.Equal(HttpStatusCode.Forbidden, stranger.StatusCode);
    }

    [Fact]
    public async Task The_patient_sees_who_can_see_their_data_now()
    {
        var patient = TestPatients.Next();
        var client = service.Patient(patient);
        await client.PostJson($"/v1/patients/{patient}/relations", new { provider = Demo.Gp });
        await client.PostJson($"/v1/patients/{patient}/relations", new { provider = Demo.Pharmacist });
        var url = $"/v1/patients/{patient}/visible-to";

        var withoutConsent = await (await client.GetAsync(url)).Json();
        await client.PutJson($"/v1/patients/{patient}/consent");
        var withConsent = await (await client.GetAsync(url)).Json();
        await client.PostJson($"/v1/patients/{patient}/exclusions", new { provider = Demo.Pharmacist });
        var afterExclusion = await (await client.GetAsync(url)).Json();

        Assert.Equal(0, withoutConsent.GetProperty("providers").GetArrayLength());
        Assert.Equal(2, withConsent.GetProperty("providers").GetArrayLength());
        var remaining = afterExclusion.GetProperty("providers").EnumerateArray().Select(p => p.GetProperty("provider").Str("nihdi")).ToArray();
        Assert.Equal([Demo.Gp], remaining);
    }
}
