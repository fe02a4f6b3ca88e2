using System.Net;
using System.Text.Json;
using Consent.Contracts.Identifiers;
using Consent.IntegrationTests.Infrastructure;
using Consent.Service.Auditing;

namespace Consent.IntegrationTests.Auditing;

/// <summary>
/// GET /v1/patients/{inss}/integrity after tampering through SQL as a superuser would (triggers off):
/// each kind of change is found, at the exact version.
/// </summary>
public sealed class IntegrityTests(OwnDatabaseService db) : IClassFixture<OwnDatabaseService>
{
    [Fact]
    public async Task An_untouched_stream_is_verified_with_its_version_and_the_stored_hash_of_its_last_event()
    {
        var patient = await db.PatientWithFiveEventsAsync();

        var integrity = await IntegrityAsync(patient);

        Assert.True(integrity.GetProperty("verified").GetBoolean());
        Assert.Equal(5, integrity.GetProperty("version").GetInt64());
        Assert.Equal(HashChain.Hex(await db.StoredHashAsync(patient, 5)), integrity.Str("headHash"));
        Assert.False(integrity.TryGetProperty("firstBrokenVersion", out _));
    }

    [Fact]
    public async Task Changed_data_breaks_at_its_version() =>
        await AssertBrokenAtAsync(2, "update events set data = jsonb_set(data, '{relationType}', '\"gmd\"') where stream_id = $1 and version = 2");

    [Fact]
    public async Task Changed_metadata_breaks_at_its_version() =>
        await AssertBrokenAtAsync(4, "update events set metadata = jsonb_set(metadata, '{channel}', '\"bus\"') where stream_id = $1 and version = 4");

    [Fact]
    public async Task A_changed_recording_time_breaks_at_its_version() =>
        await AssertBrokenAtAsync(3, "update events set recorded_at = recorded_at - interval '1 microsecond' where stream_id = $1 and version = 3");

    [Fact]
    public async Task A_deleted_event_breaks_at_its_version() =>
        await AssertBrokenAtAsync(3, "delete from events where stream_id = $1 and version = 3");

    [Fact]
    public async Task A_deleted_last_event_breaks_at_its_version() =>
        await AssertBrokenAtAsync(5, "delete from events where stream_id = $1 and version = 5");

    [Fact]
    public async Task An_event_inserted_in_the_middle_breaks_at_its_version() =>
        await AssertBrokenAtAsync(3,
            "update events set version = version + 100 where stream_id = $1 and version >= 3",
            "update events set version = version - 99 where stream_id = $1 and version >= 103",
            // The forger copies the hash the real event 3 had, now at version 4.
            """
            insert into events (event_id, stream_id, version, type, data, metadata, recorded_at, hash)
            select gen_random_uuid(), stream_id, 3, 'exclusion-lifted', '{"provider": "42203512"}', metadata, recorded_at, hash
            from events where stream_id = $1 and version = 4
            """);

    [Fact]
    public async Task Two_swapped_events_break_at_the_first_of_them() =>
        await AssertBrokenAtAsync(2,
            """
            update events e set data = o.data, type = o.type, metadata = o.metadata
            from events o where e.stream_id = $1 and o.stream_id = $1 and ((e.version = 2 and o.version = 3) or (e.version = 3 and o.version = 2))
            """);

    [Fact]
    public async Task An_event_added_after_the_last_with_a_correct_hash_is_still_found_by_the_streams_head()
    {
        var patient = await db.PatientWithFiveEventsAsync();
        var last = await db.RowAsync(patient, 5);
        // A forger who knows the algorithm chains a sixth event correctly, but not through the append.
        var forged = last with { EventId = Guid.NewGuid(), Version = 6, Type = "consent-given", Data = "{\"consentType\": \"retrospective\"}" };
        var hash = HashChain.Hex(HashChain.Next(last.Hash!, forged.Canonical()));
        await db.TamperAsync(patient,
            $"""
            insert into events (event_id, stream_id, version, type, data, metadata, recorded_at, hash)
            select '{forged.EventId}', stream_id, 6, '{forged.Type}', '{forged.Data}', metadata, recorded_at, '\x{hash}'::bytea
            from events where stream_id = $1 and version = 5
            """);

        var integrity = await IntegrityAsync(patient);

        Assert.False(integrity.GetProperty("verified").GetBoolean());
        Assert.Equal(6, integrity.GetProperty("firstBrokenVersion").GetInt64());
    }

    [Fact]
    public async Task Concurrent_writers_on_one_patient_leave_one_intact_chain()
    {
        var patient = TestPatients.Next();
        var client = db.Service.Patient(patient);
        await client.PutJson($"/v1/patients/{patient}/consent");
        string[] providers = [Demo.Gp, Demo.Physician, Demo.Pharmacist, Demo.Nurse, Demo.Physiotherapist, Demo.Dentist, Demo.AzDelta, Demo.UzGent];

        // Each write retries its conflicting appends on fresh state: every one lands, in some order.
        var writes = await Task.WhenAll(providers.Select(p => Task.Run(() => client.PostJson($"/v1/patients/{patient}/exclusions", new { provider = p }))));

        Assert.All(writes, w => Assert.Equal(HttpStatusCode.Created, w.StatusCode));
        var integrity = await IntegrityAsync(patient);
        Assert.True(integrity.GetProperty("verified").GetBoolean());
        Assert.Equal(1 + providers.Length, integrity.GetProperty("version").GetInt64());
    }

    [Theory]
    [InlineData("patient")]
    [InlineData("provider")]
    [InlineData("his")]
    [InlineData("admin")]
    public async Task Only_auditors_may_check_integrity(string role)
    {
        var patient = TestPatients.Next();
        var client = db.Service.ClientFor(role, inss: patient.Value, nihdi: Demo.Gp, institution: Demo.AzDelta);

        var response = await client.GetAsync($"/v1/patients/{patient}/integrity");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("forbidden", await response.ProblemCode());
    }

    [Fact]
    public async Task Events_whose_stream_row_was_deleted_break_at_version_1()
    {
        var patient = await db.PatientWithFiveEventsAsync();

        await db.TamperAsync(patient, "delete from streams where stream_id = $1");
        var integrity = await IntegrityAsync(patient);

        Assert.False(integrity.GetProperty("verified").GetBoolean());
        Assert.Equal(1, integrity.GetProperty("firstBrokenVersion").GetInt64());
    }

    [Fact]
    public async Task A_patient_without_events_has_an_empty_intact_chain()
    {
        var integrity = await IntegrityAsync(TestPatients.Next());
        Assert.True(integrity.GetProperty("verified").GetBoolean());
        Assert.Equal(0, integrity.GetProperty("version").GetInt64());
        Assert.Equal(new string('0', 64), integrity.Str("headHash"));
    }

    private async Task AssertBrokenAtAsync(long version, params string[] tampering)
    {
        var patient = await db.PatientWithFiveEventsAsync();
        Assert.True((await IntegrityAsync(patient)).GetProperty("verified").GetBoolean());

        await db.TamperAsync(patient, tampering);
        var integrity = await IntegrityAsync(patient);

        Assert.False(integrity.GetProperty("verified").GetBoolean());
        Assert.Equal(version, integrity.GetProperty("firstBrokenVersion").GetInt64());
        Assert.Equal(5, integrity.GetProperty("version").GetInt64());
    }

    private async Task<JsonElement> IntegrityAsync(Inss patient)
    {
        var response = await db.Service.Auditor().GetAsync($"/v1/patients/{patient}/integrity");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Json();
    }
}
