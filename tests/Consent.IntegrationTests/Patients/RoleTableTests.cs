using System.Net;
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
        }
        else
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("forbidden", await response.ProblemCode());
        }
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
