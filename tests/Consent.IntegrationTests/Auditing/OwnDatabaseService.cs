using Consent.IntegrationTests.Infrastructure;
using Consent.Service.Auditing;
using Consent.Service.Patients;
using Consent.Contracts.Identifiers;
using Npgsql;

namespace Consent.IntegrationTests.Auditing;

/// <summary>
/// The service on a database of its own: these tests tamper with rows and check whole-store commands,
/// which must not see (or break) the other tests' patients.
/// </summary>
public sealed class OwnDatabaseService : IAsyncLifetime
{
    public ServiceFactory Service { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabases.CreateAsync("auditing");
        Service = new ServiceFactory(ConnectionString);
        await Service.WaitUntilReadyAsync();
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await Service.DisposeAsync();
    }

    /// <summary>A patient with five events: consent given, two relations, an exclusion, consent revoked.</summary>
    public async Task<Inss> PatientWithFiveEventsAsync()
    {
        var patient = TestPatients.Next();
        var client = Service.Patient(patient);
        await client.PutJson($"/v1/patients/{patient}/consent");
        await client.PostJson($"/v1/patients/{patient}/relations", new { provider = Demo.Gp });
        await client.PostJson($"/v1/patients/{patient}/relations", new { provider = Demo.Physician });
        await client.PostJson($"/v1/patients/{patient}/exclusions", new { provider = Demo.Nurse, reason = "a neighbour" });
        var last = await client.DeleteAsync($"/v1/patients/{patient}/consent");
        Assert.Equal(5, last.Version());
        return patient;
    }

    /// <summary>Changes rows as someone with superuser rights would: with the append-only triggers off for this session.</summary>
    public async Task TamperAsync(Inss patient, params string[] statements)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using (var off = new NpgsqlCommand("set session_replication_role = replica", connection))
        {
            await off.ExecuteNonQueryAsync();
        }
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = PatientStreams.IdOf(patient) });
            await command.ExecuteNonQueryAsync();
        }
    }

    public async Task<byte[]> StoredHashAsync(Inss patient, long version)
    {
        await using var command = DataSource.CreateCommand("select hash from events where stream_id = $1 and version = $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = PatientStreams.IdOf(patient) });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = version });
        return (byte[])(await command.ExecuteScalarAsync())!;
    }

    public async Task<ChainedEventRow> RowAsync(Inss patient, long version)
    {
        await foreach (var row in new StreamRows(DataSource).ReadAsync(PatientStreams.IdOf(patient)))
        {
            if (row.Version == version)
            {
                return row;
            }
        }
        throw new InvalidOperationException($"no version {version}");
    }
}
