using System.Net;
using System.Text.Json;
using Consent.Contracts.Identifiers;
using Consent.IntegrationTests.Infrastructure;

namespace Consent.IntegrationTests.Patients;

/// <summary>Walks the role table of api.md: every route, every role, allowed or 403 forbidden.</summary>
[Collection(ServiceCollection.Name)]
public sealed class RoleTableTests(SharedService service)
{
    public static readonly string[] Roles = ["patient", "representative", "other-patient", "provider", "his", "auditor", "admin"];

    // route -> roles allowed (the provider is Dr Dupré acting for itself, the his is AZ Delta where he works)
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["GET patient"] = ["patient", "representative", "auditor"],
        ["GET consent"] = ["patient", "representative", "auditor"],
        ["PUT consent"] = ["patient", "representative", "provider", "his"],
        ["DELETE consent"] = ["patient", "representative", "provider", "his"],
        ["GET relations"] = ["patient", "representative", "auditor"],
        ["POST relation"] = ["patient", "representative", "provider", "his"],
        ["DELETE relation"] = ["patient", "representative", "provider", "his"],
        ["GET exclusions"] = ["patient", "representative", "auditor"],
        ["POST exclusion"] = ["patient", "representative"],
        ["DELETE exclusion"] = ["patient", "representative"],
        ["GET history"] = ["patient", "representative", "auditor"],
        ["GET access-log"] = ["patient", "representative", "auditor"],
        ["GET visible-to"] = ["patient", "representative", "auditor"],
        ["POST access-decision"] = ["provider", "his", "auditor"],
        ["POST access-decision batch"] = ["provider", "his", "auditor"],
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in Allowed.Keys)
        {
            foreach (var role in Roles)
            {
                data.Add(route, role);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_route_allows_exactly_the_roles_of_the_table(string route, string role)
    {
        var patient = TestPatients.Next();
        var client = ClientAs(role, patient);
        var relationId = await SeedRelationAsync(patient);
        // Seed what a removal needs to have an effect worth checking.
        if (route == "DELETE consent")
        {
            Assert.Equal(HttpStatusCode.OK, (await service.Patient(patient).PutJson($"/v1/patients/{patient}/consent")).StatusCode);
        }
        if (route == "DELETE exclusion")
        {
            Assert.Equal(HttpStatusCode.Created, (await service.Patient(patient).PostJson($"/v1/patients/{patient}/exclusions", new { provider = Demo.Nurse })).StatusCode);
        }
        var eventsBefore = (await EventTypesAsync(patient)).Length;

        var response = route switch
        {
            "GET patient" => await client.GetAsync($"/v1/patients/{patient}"),
            "GET consent" => await client.GetAsync($"/v1/patients/{patient}/consent"),
            "PUT consent" => await client.PutJson($"/v1/patients/{patient}/consent"),
            "DELETE consent" => await client.DeleteAsync($"/v1/patients/{patient}/consent"),
            "GET relations" => await client.GetAsync($"/v1/patients/{patient}/relations"),
            "POST relation" => await client.PostJson($"/v1/patients/{patient}/relations",
                role is "provider" or "his" ? new { provider = Demo.Gp, type = "consultation" } : new { provider = Demo.Gp, type = "patient-declared" }),
            "DELETE relation" => await client.DeleteAsync($"/v1/patients/{patient}/relations/{relationId}"),
            "GET exclusions" => await client.GetAsync($"/v1/patients/{patient}/exclusions"),
            "POST exclusion" => await client.PostJson($"/v1/patients/{patient}/exclusions", new { provider = Demo.Nurse }),
            "DELETE exclusion" => await client.DeleteAsync($"/v1/patients/{patient}/exclusions/{Demo.Nurse}"),
            "GET history" => await client.GetAsync($"/v1/patients/{patient}/history"),
            "GET access-log" => await client.GetAsync($"/v1/patients/{patient}/access-log"),
            "GET visible-to" => await client.GetAsync($"/v1/patients/{patient}/visible-to"),
            "POST access-decision" => await client.PostJson("/v1/access-decisions", new { patient = patient.Value, provider = Demo.Gp }),
            "POST access-decision batch" => await client.PostJson("/v1/access-decisions/batch", new { requests = new[] { new { patient = patient.Value, provider = Demo.Gp } } }),
            _ => throw new ArgumentOutOfRangeException(nameof(route)),
        };

        if (Allowed[route].Contains(role))
        {
            Assert.True(response.IsSuccessStatusCode, $"{role} should be allowed {route}, got {(int)response.StatusCode}");
            await AssertEffectAsync(route, patient, response, eventsBefore);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("forbidden", await response.ProblemCode());
            Assert.Equal(eventsBefore, (await EventTypesAsync(patient)).Length);
        }
    }

    /// <summary>An allowed call did what its route says, to the patient of the URL (read back as an auditor).</summary>
    private async Task AssertEffectAsync(string route, Inss patient, HttpResponseMessage response, int eventsBefore)
    {
        var auditor = service.Auditor();
        var events = await EventTypesAsync(patient);
        var body = await response.Json();
        var newEvents = events.Skip(eventsBefore).ToArray();
        switch (route)
        {
            case "GET patient":
                Assert.Equal(patient.Value, body.Str("inss"));
                Assert.Equal(1, body.GetProperty("relations").GetArrayLength());
                break;
            case "GET consent":
                Assert.Equal("none", body.Str("status"));
                break;
            case "GET relations":
                Assert.Equal(Demo.Gp, Assert.Single(body.EnumerateArray()).GetProperty("provider").Str("nihdi"));
                break;
            case "GET exclusions":
                Assert.Equal(0, body.GetArrayLength());
                break;
            case "GET access-log":
                // No decision was logged; the only entries are the audit trail of this test's own auditor reads.
                Assert.All(body.EnumerateArray(), e => Assert.Equal("audit", e.Str("decision")));
                break;
            case "GET history":
                Assert.Equal(["therapeutic-relation-added"], body.GetProperty("events").EnumerateArray().Select(e => e.Str("type")));
                break;
            case "GET visible-to":
                Assert.Equal(JsonValueKind.Array, (body.ValueKind == JsonValueKind.Object ? body.EnumerateObject().First(p => p.Value.ValueKind == JsonValueKind.Array).Value : body).ValueKind);
                break;
            case "PUT consent":
                Assert.Equal(["consent-given"], newEvents);
                Assert.Equal("given", (await (await auditor.GetAsync($"/v1/patients/{patient}/consent")).Json()).Str("status"));
                break;
            case "DELETE consent":
                Assert.Equal(["consent-revoked"], newEvents);
                Assert.Equal("revoked", (await (await auditor.GetAsync($"/v1/patients/{patient}/consent")).Json()).Str("status"));
                break;
            case "POST relation":
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                Assert.Equal(["therapeutic-relation-added"], newEvents);
                Assert.Equal(2, (await (await auditor.GetAsync($"/v1/patients/{patient}/relations")).Json()).GetArrayLength());
                break;
            case "DELETE relation":
                Assert.Equal(["therapeutic-relation-ended"], newEvents);
                Assert.Equal("ended", Assert.Single((await (await auditor.GetAsync($"/v1/patients/{patient}/relations")).Json()).EnumerateArray()).Str("status"));
                break;
            case "POST exclusion":
                Assert.Equal(["exclusion-added"], newEvents);
                Assert.Equal(1, (await (await auditor.GetAsync($"/v1/patients/{patient}/exclusions")).Json()).GetArrayLength());
                break;
            case "DELETE exclusion":
                Assert.Equal(["exclusion-lifted"], newEvents);
                Assert.Equal(0, (await (await auditor.GetAsync($"/v1/patients/{patient}/exclusions")).Json()).GetArrayLength());
                break;
            case "POST access-decision" or "POST access-decision batch":
                var decision = route.EndsWith("batch", StringComparison.Ordinal) ? Assert.Single(body.GetProperty("results").EnumerateArray()) : body;
                Assert.Equal(patient.Value, decision.Str("patient"));
                Assert.Equal("deny", decision.Str("decision"));
                Assert.Equal(["no-consent", "therapeutic-relation"], decision.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(route));
        }
        if (route.StartsWith("GET", StringComparison.Ordinal) || route.StartsWith("POST access", StringComparison.Ordinal))
        {
            Assert.Empty(newEvents);
        }
    }

    private async Task<string[]> EventTypesAsync(Inss patient)
    {
        var history = await (await service.Auditor().GetAsync($"/v1/patients/{patient}/history")).Json();
        return [.. history.GetProperty("events").EnumerateArray().Select(e => e.Str("type"))];
    }

    private HttpClient ClientAs(string role, Inss patient) => role switch
    {
        "patient" => service.Patient(patient),
        "representative" => service.ClientFor("patient", TestPatients.Next().Value, represents: [patient.Value]),
        "other-patient" => service.Patient(TestPatients.Next()),
        "provider" => service.Provider(Demo.Gp),
        "his" => service.His(Demo.AzDelta),
        _ => service.ClientFor(role),
    };

    // A relation of Dr Dupré registered through AZ Delta's system: the patient, he and that hospital may end it.
    private async Task<string> SeedRelationAsync(Inss patient)
    {
        var response = await service.His(Demo.AzDelta).PostJson($"/v1/patients/{patient}/relations", new { provider = Demo.Gp, type = "hospitalisation" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Json()).Str("id");
    }
}
