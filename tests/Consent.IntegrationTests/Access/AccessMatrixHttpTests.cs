using System.Net;
using System.Text.Json;
using Consent.IntegrationTests.Infrastructure;

namespace Consent.IntegrationTests.Access;

/// <summary>Every cell of domain.md's default access matrix over HTTP, and each decision as the access log keeps it.</summary>
[Collection(ServiceCollection.Name)]
public sealed class AccessMatrixHttpTests(SharedService service)
{
    private static readonly string[] DocumentTypes = ["sumehr", "medication-scheme", "vaccination", "lab-result", "discharge-letter", "imaging-report"];

    // domain.md's table, copied by hand: the oracle is the spec, not the service's AccessMatrix.
    private static readonly Dictionary<string, string[]> Matrix = new()
    {
        ["physician"] = ["RW", "RW", "RW", "R", "R", "R"],
        ["hospital-pharmacist"] = ["R", "RW", "R", "R", "-", "-"],
        ["pharmacist"] = ["-", "RW", "R", "-", "-", "-"],
        ["nurse"] = ["R", "RW", "R", "R", "R", "-"],
        ["dentist"] = ["R", "R", "R", "-", "-", "R"],
        ["physiotherapist"] = ["-", "-", "-", "-", "-", "R"],
    };

    public static TheoryData<string> Professions() => [.. Matrix.Keys];

    [Theory]
    [MemberData(nameof(Professions))]
    public async Task Each_document_type_is_permitted_exactly_as_the_matrix_says_and_logged_as_answered(string profession)
    {
        var provider = profession switch
        {
            "physician" => Demo.Physician,
            "hospital-pharmacist" => await HospitalPharmacistAsync(),
            "pharmacist" => Demo.Pharmacist,
            "nurse" => Demo.Nurse,
            "dentist" => Demo.Dentist,
            "physiotherapist" => Demo.Physiotherapist,
            _ => throw new ArgumentOutOfRangeException(nameof(profession)),
        };
        var patient = TestPatients.Next();
        var client = service.Patient(patient);
        Assert.Equal(HttpStatusCode.OK, (await client.PutJson($"/v1/patients/{patient}/consent")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostJson($"/v1/patients/{patient}/relations", new { provider, type = "patient-declared" })).StatusCode);
        var asker = service.Provider(provider);

        var answers = new List<JsonElement>();
        for (var i = 0; i < DocumentTypes.Length; i++)
        {
            var response = await asker.PostJson("/v1/access-decisions", new { patient = patient.Value, provider, documentType = DocumentTypes[i] });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var answer = await response.Json();
            answers.Add(answer);
            var allowed = Matrix[profession][i] != "-";
            string[] reasons = allowed ? ["therapeutic-relation"] : ["therapeutic-relation", "profession-not-permitted"];
            Assert.True(answer.Str("decision") == (allowed ? "permit" : "deny"), $"{profession} x {DocumentTypes[i]}: {answer}");
            Assert.Equal(reasons, Reasons(answer));
            Assert.Equal(DocumentTypes[i], answer.Str("documentType"));
        }

        var log = await (await client.GetAsync($"/v1/patients/{patient}/access-log?limit=50")).Json();
        var logged = log.EnumerateArray().Reverse().ToList(); // oldest first, as asked
        Assert.Equal(DocumentTypes.Length, logged.Count);
        for (var i = 0; i < logged.Count; i++)
        {
            Assert.Equal(DocumentTypes[i], logged[i].Str("documentType"));
            Assert.Equal(provider, logged[i].Str("provider"));
            Assert.Equal(answers[i].Str("decision"), logged[i].Str("decision"));
            Assert.Equal(Reasons(answers[i]), Reasons(logged[i]));
        }
    }

    [Fact]
    public async Task The_access_log_keeps_the_instant_the_decision_was_answered_with()
    {
        var patient = TestPatients.Next();
        var client = service.Patient(patient);
        Assert.Equal(HttpStatusCode.OK, (await client.PutJson($"/v1/patients/{patient}/consent")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostJson($"/v1/patients/{patient}/relations", new { provider = Demo.Nurse, type = "patient-declared" })).StatusCode);

        var answer = await (await service.Provider(Demo.Nurse).PostJson("/v1/access-decisions", new { patient = patient.Value, provider = Demo.Nurse, documentType = "sumehr" })).Json();
        var logged = Assert.Single((await (await client.GetAsync($"/v1/patients/{patient}/access-log")).Json()).EnumerateArray());

        // Exactly: the answer is cut to the microsecond, the precision PostgreSQL keeps, before it is logged.
        Assert.Equal(answer.GetProperty("at").GetDateTimeOffset(), logged.GetProperty("at").GetDateTimeOffset());
        Assert.Equal(0, answer.GetProperty("at").GetDateTimeOffset().UtcTicks % 10);
    }

    [Fact]
    public async Task Without_a_document_type_the_matrix_is_not_asked()
    {
        var patient = TestPatients.Next();
        var client = service.Patient(patient);
        Assert.Equal(HttpStatusCode.OK, (await client.PutJson($"/v1/patients/{patient}/consent")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostJson($"/v1/patients/{patient}/relations", new { provider = Demo.Physiotherapist, type = "patient-declared" })).StatusCode);

        var answer = await (await service.Provider(Demo.Physiotherapist).PostJson("/v1/access-decisions", new { patient = patient.Value, provider = Demo.Physiotherapist })).Json();

        Assert.Equal("permit", answer.Str("decision"));
        Assert.Equal(["therapeutic-relation"], Reasons(answer));
    }


    private static string[] Reasons(JsonElement decision) => [.. decision.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!)];

    /// <summary>
    /// A hospital pharmacist (profession digit 2) of the demo directory: DemoProviders' entry 95 (223515, mod 97 check 70,
    /// qualification 401), checked through the directory's own answer.
    /// </summary>
    private async Task<string> HospitalPharmacistAsync()
    {
        const string nihdi = "22351570401";
        var response = await service.Auditor().GetAsync($"/v1/providers/{nihdi}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"the demo directory no longer lists {nihdi}: {(int)response.StatusCode}");
        return nihdi;
    }
}
