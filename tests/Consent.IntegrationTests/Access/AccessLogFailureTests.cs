using System.Net;
using Consent.IntegrationTests.Infrastructure;
using Npgsql;

namespace Consent.IntegrationTests.Access;

/// <summary>A decision that cannot be logged is not given; logging resumes once the database takes rows again.</summary>
public sealed class AccessLogFailureTests
{
    [Fact]
    public async Task A_decision_the_database_refuses_to_log_is_answered_unavailable_and_the_next_one_is_logged()
    {
        var connectionString = await TestDatabases.CreateAsync("access_log_failure");
        using var service = new ServiceFactory(connectionString);
        await service.WaitUntilReadyAsync();
        var patient = TestPatients.Next();
        await service.Patient(patient).PutJson($"/v1/patients/{patient}/consent");
        var hospital = service.His(Demo.AzDelta);
        var question = new { patient = patient.Value, provider = Demo.Gp };
        await using var database = NpgsqlDataSource.Create(connectionString);
        await database.CreateCommand("alter table access_log add constraint refuse_every_row check (false) not valid").ExecuteNonQueryAsync();

        var refused = await hospital.PostJson("/v1/access-decisions", question);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("unavailable", await refused.ProblemCode());

        await database.CreateCommand("alter table access_log drop constraint refuse_every_row").ExecuteNonQueryAsync();
        var answered = await hospital.PostJson("/v1/access-decisions", question);

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(1L, await database.CreateCommand("select count(*) from access_log").ExecuteScalarAsync());
    }
}
