using System.Net;
using Consent.Contracts.Identifiers;
using Consent.Domain;
using Consent.IntegrationTests.Infrastructure;
using Consent.Service.Caching;
using Consent.Service.EventStore;
using Consent.Service.Hosting;
using Consent.Service.Patients;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Consent.IntegrationTests.Patients;

/// <summary>
/// A command decides first on the state its replica holds in memory. That state can be behind the store (another
/// replica's commit not announced yet): whatever the command answers must still be what the store's state gives.
/// </summary>
[Collection(Infrastructure.ServiceCollection.Name)]
public sealed class StaleCachedStateTests(SharedService service)
{
    /// <summary>A handler on the shared database whose cache holds the patient's state before its consent was revoked.</summary>
    private async Task<(PatientCommandHandler Handler, Inss Patient, Acting Self)> BehindTheStoreAsync()
    {
        var patient = TestPatients.Next();
        Assert.Equal(HttpStatusCode.OK, (await service.Patient(patient).PutJson($"/v1/patients/{patient}/consent")).StatusCode);
        var given = await service.Services.GetRequiredService<PatientViews>().LoadAsync(patient);
        Assert.Equal(HttpStatusCode.OK, (await service.Patient(patient).DeleteAsync($"/v1/patients/{patient}/consent")).StatusCode);

        var stale = new PatientStateCache();
        stale.Listening(true);
        stale.Committed(PatientStreams.IdOf(patient), given);
        var s = service.Services;
        var handler = new PatientCommandHandler(
            s.GetRequiredService<NpgsqlDataSource>(), s.GetRequiredService<PostgresEventStore>(), s.GetRequiredService<AppendBatcher>(), s.GetRequiredService<PatientViews>(),
            s.GetRequiredService<RelationDurations>(), s.GetRequiredService<ConsentAge>(), stale, s.GetRequiredService<CommitAnnouncer>(), new StreamLocks(), s.GetRequiredService<Pseudonyms>());
        return (handler, patient, new Acting(new ActorRef(ActorKinds.Patient, patient.Value), ActorKinds.Patient));
    }

    private static EventMetadata Metadata(Acting self) => new(self.Actor, Channels.Portal, $"stale-{Guid.NewGuid():N}");

    [Fact]
    public async Task Giving_consent_that_only_the_stale_state_still_holds_gives_it_again()
    {
        var (handler, patient, self) = await BehindTheStoreAsync();

        // On the cached state consent is given, so nothing would change; in the store it was revoked.
        var result = await handler.HandleAsync(patient, new GiveConsent(self, DateTimeOffset.UtcNow, ConsentType.Retrospective), Metadata(self));

        Assert.True(result.Changed);
        Assert.Equal(3, result.Snapshot.Version);
        Assert.Equal(ConsentStatus.Given, result.State.Consent);
    }

    [Fact]
    public async Task Revoking_consent_again_on_the_stale_state_writes_nothing()
    {
        var (handler, patient, self) = await BehindTheStoreAsync();

        // On the cached state this is a revocation; its append expects a version the store has passed, so it is decided again.
        var result = await handler.HandleAsync(patient, new RevokeConsent(self, DateTimeOffset.UtcNow), Metadata(self));

        Assert.False(result.Changed);
        Assert.Equal(2, result.Snapshot.Version);
        var history = await (await service.Auditor().GetAsync($"/v1/patients/{patient}/history")).Json();
        Assert.Equal(2, history.GetProperty("events").GetArrayLength());
    }

    [Fact]
    public async Task A_repeat_with_the_same_key_and_If_Match_replays_its_answer_after_the_version_moved()
    {
        var patient = TestPatients.Next();
        var client = service.Patient(patient);
        var url = $"/v1/patients/{patient}/consent";
        var key = ("Idempotency-Key", Guid.NewGuid().ToString());

        var first = await client.PutJson(url, null, key, ("If-Match", "\"0\""));
        var repeat = await client.PutJson(url, null, key, ("If-Match", "\"0\""));
        var other = await client.PutJson(url, null, ("If-Match", "\"0\""));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal(first.Position(), repeat.Position());
        Assert.Equal(1, repeat.Version());
        Assert.Equal(HttpStatusCode.PreconditionFailed, other.StatusCode);
    }
}
