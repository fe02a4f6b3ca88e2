using System.Net;
using Consent.Contracts.Identifiers;
using Consent.IntegrationTests.Infrastructure;

namespace Consent.IntegrationTests.Patients;

/// <summary>An Idempotency-Key replays only its own caller's answer about its own patient, on every write route.</summary>
[Collection(ServiceCollection.Name)]
public sealed class IdempotencyIsolationTests(SharedService service)
{
    private static (string, string) Key(string key) => ("Idempotency-Key", key);

    private async Task<string[]> EventTypesAsync(Inss patient)
    {
        var history = await (await service.Auditor().GetAsync($"/v1/patients/{patient}/history")).Json();
        return [.. history.GetProperty("events").EnumerateArray().Select(e => e.Str("type"))];
    }

    [Fact]
    public async Task The_same_key_from_another_caller_is_another_request()
    {
        var first = TestPatients.Next();
        var second = TestPatients.Next();
        var key = Key($"shared-{Guid.NewGuid():N}");

        var a = await service.Patient(first).PutJson($"/v1/patients/{first}/consent", null, key);
        var b = await service.Patient(second).PutJson($"/v1/patients/{second}/consent", null, key);

        Assert.Equal(HttpStatusCode.OK, a.StatusCode);
        Assert.Equal(HttpStatusCode.OK, b.StatusCode);
        Assert.NotEqual(a.Position(), b.Position());
        Assert.Equal(["consent-given"], await EventTypesAsync(first));
        Assert.Equal(["consent-given"], await EventTypesAsync(second));
    }

    [Fact]
    public async Task The_same_key_from_the_same_caller_for_another_patient_is_another_request()
    {
        var first = TestPatients.Next();
        var second = TestPatients.Next();
        var gp = service.Provider(Demo.Gp);
        var key = Key($"gp-{Guid.NewGuid():N}");

        var a = await gp.PutJson($"/v1/patients/{first}/consent", null, key);
        var b = await gp.PutJson($"/v1/patients/{second}/consent", null, key);
        var relationA = await gp.PostJson($"/v1/patients/{first}/relations", new { provider = Demo.Gp, type = "gmd" }, Key($"rel-{key.Item2}"));
        var relationB = await gp.PostJson($"/v1/patients/{second}/relations", new { provider = Demo.Gp, type = "gmd" }, Key($"rel-{key.Item2}"));

        Assert.Equal(HttpStatusCode.OK, a.StatusCode);
        Assert.Equal(HttpStatusCode.OK, b.StatusCode);
        Assert.NotEqual(a.Position(), b.Position());
        Assert.Equal(HttpStatusCode.Created, relationA.StatusCode);
        Assert.Equal(HttpStatusCode.Created, relationB.StatusCode);
        Assert.NotEqual((await relationA.Json()).Str("id"), (await relationB.Json()).Str("id"));
        Assert.Equal(["consent-given", "therapeutic-relation-added"], await EventTypesAsync(first));
        Assert.Equal(["consent-given", "therapeutic-relation-added"], await EventTypesAsync(second));
    }

    [Fact]
    public async Task A_repeated_PUT_or_DELETE_of_consent_replays_its_first_answer_and_writes_nothing()
    {
        var patient = TestPatients.Next();
        var client = service.Patient(patient);
        var url = $"/v1/patients/{patient}/consent";
        var give = Key($"give-{Guid.NewGuid():N}");
        var revoke = Key($"revoke-{Guid.NewGuid():N}");

        var given = await client.PutJson(url, null, give);
        var revoked = await client.SendJson(HttpMethod.Delete, url, null, revoke);
        var revokedAgain = await client.SendJson(HttpMethod.Delete, url, null, revoke);
        // The first answer, although consent has been revoked since: a replay, not a new give.
        var givenAgain = await client.PutJson(url, null, give);

        Assert.Equal(HttpStatusCode.OK, given.StatusCode);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, revokedAgain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, givenAgain.StatusCode);
        Assert.Equal(revoked.Position(), revokedAgain.Position());
        Assert.Equal("revoked", (await revokedAgain.Json()).Str("status"));
        Assert.Equal(given.Position(), givenAgain.Position());
        Assert.Equal("given", (await givenAgain.Json()).Str("status"));
        Assert.Equal(["consent-given", "consent-revoked"], await EventTypesAsync(patient));
        Assert.Equal("revoked", (await (await client.GetAsync(url)).Json()).Str("status"));
    }
}
