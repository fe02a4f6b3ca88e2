using System.Net;
using System.Text.Json;
using Consent.IntegrationTests.Infrastructure;
using Consent.Service.Caching;
using Consent.Service.EventStore;
using Consent.Service.Patients;
using Microsoft.Extensions.DependencyInjection;

namespace Consent.IntegrationTests.Caching;

/// <summary>
/// A replica that starts fills its patient cache from the inline views in the background, and what it
/// then holds is exactly what the store holds. (The warm-up once failed at its first row, silently, for
/// months: nothing awaited it.)
/// </summary>
[Collection(Infrastructure.ServiceCollection.Name)]
public sealed class CacheWarmUpTests(SharedService service)
{
    [Fact]
    public async Task A_starting_replica_warms_its_cache_with_the_patients_as_stored()
    {
        var patient = TestPatients.Next();
        Assert.Equal(HttpStatusCode.OK, (await service.Patient(patient).PutJson($"/v1/patients/{patient}/consent")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await service.Provider(Demo.Gp).PostJson($"/v1/patients/{patient}/relations", new { provider = Demo.Gp, type = "gmd" })).StatusCode);
        var stored = await service.Services.GetRequiredService<PatientViews>().LoadAsync(patient);

        await using var replica = new SecondReplica();
        await replica.WaitUntilReadyAsync();
        var cache = replica.Services.GetRequiredService<PatientStateCache>();
        var warmed = PatientSnapshot.Initial;
        for (var i = 0; i < 100 && !cache.TryGet(PatientStreams.IdOf(patient), out warmed); i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(Describe(stored), Describe(warmed));
    }

    private static string Describe(PatientSnapshot s) =>
        $"{s.Version} {s.Position} {s.LastRecordedAt:O} {JsonSerializer.Serialize(s.State, StoreJson.Options)}";
}
