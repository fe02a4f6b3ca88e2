using System.Net;
using Consent.IntegrationTests.Infrastructure;

namespace Consent.IntegrationTests.Patients;

/// <summary>ETag/If-Match, Idempotency-Key and the service's own retry of conflicting appends.</summary>
[Collection(ServiceCollection.Name)]
public sealed class ConcurrencyAndIdempotencyTests(SharedService service)
{
    [Fact]
    public async Task A_write_with_a_stale_If_Match_is_412_and_writes_nothing()
    {
        var patient = TestPatients.Next();
        var client = service.Patient(patient);
        var read = await client.GetAsync($"/v1/patients/{patient}");
        var etag = read.Headers.ETag!.Tag;
        await client.PutJson($"/v1/patients/{patient}/consent");

        var stale = await client.PostJson($"/v1/patients/{patient}/exclusions", new { provider = Demo.Gp }, ("If-Match", etag));
        var fresh = await client.PostJson($"/v1/patients/{patient}/exclusions", new { provider = Demo.Gp }, ("If-Match", "\"1\""));

        Assert.Equal("\"0\"", etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("version-conflict", await stale.ProblemCode());
        Assert.Equal(HttpStatusCode.Created, fresh.StatusCode);
        Assert.Equal(2, fresh.Version());
    }

    [Fact]
    public async Task Concurrent_writes_without_If_Match_are_all_applied_by_the_services_retry()
    {
        var patient = TestPatients.Next();
        var client = service.Patient(patient);
        var providers = new[] { Demo.Gp, Demo.Physician, Demo.Pharmacist, Demo.Nurse, Demo.Physiotherapist, Demo.Dentist, Demo.AzDelta, Demo.UzGent };

        var responses = await Task.WhenAll(providers.Select(p => client.PostJson($"/v1/patients/{patient}/exclusions", new { provider = p })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var exclusions = await (await client.GetAsync($"/v1/patients/{patient}/exclusions")).Json();
        Assert.Equal(providers.Length, exclusions.GetArrayLength());
        Assert.Equal(Enumerable.Range(1, providers.Length).Select(v => (long)v), responses.Select(r => r.Version()).Order());
    }

    [Fact]
    public async Task A_repeat_with_the_same_Idempotency_Key_returns_the_first_answer_and_writes_nothing()
    {
        var patient = TestPatients.Next();
        var client = service.Patient(patient);
        var key = ("Idempotency-Key", Guid.NewGuid().ToString());
        var url = $"/v1/patients/{patient}/relations";

        var first = await client.PostJson(url, new { provider = Demo.Gp }, key);
        var repeat = await client.PostJson(url, new { provider = Demo.Gp }, key);
        var otherBody = await client.PostJson(url, new { provider = Demo.Physician }, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        Assert.Equal((await first.Json()).Str("id"), (await repeat.Json()).Str("id"));
        Assert.Equal(first.Headers.Location, repeat.Headers.Location);
        Assert.Equal(first.Version(), repeat.Version());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherBody.StatusCode);
        Assert.Equal("idempotency-key-reuse", await otherBody.ProblemCode());
        var history = await (await client.GetAsync($"/v1/patients/{patient}/history")).Json();
        Assert.Equal(1, history.GetProperty("events").GetArrayLength());
    }

    [Fact]
    public async Task Concurrent_repeats_with_one_Idempotency_Key_write_once()
    {
        var patient = TestPatients.Next();
        var client = service.Patient(patient);
        var key = ("Idempotency-Key", Guid.NewGuid().ToString());

        // Without the key each repeat would renew the relation (a later end), writing an event each.
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            client.PostJson($"/v1/patients/{patient}/relations", new { provider = Demo.Gp }, key)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var history = await (await client.GetAsync($"/v1/patients/{patient}/history")).Json();
        Assert.Equal(1, history.GetProperty("events").GetArrayLength());
    }
}
