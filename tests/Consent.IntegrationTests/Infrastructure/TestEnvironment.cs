namespace Consent.IntegrationTests.Infrastructure;

/// <summary>The servers ./test.sh started for this run; the tests refuse to run without them.</summary>
public static class TestEnvironment
{
    public static string PostgresConnectionString => Required("CONSENT_TEST_PG");

    public static string RabbitUri => Required("CONSENT_TEST_RABBIT");

    public static string RabbitManagementUri => Required("CONSENT_TEST_RABBIT_MGMT");

    /// <summary>scripts/test-services.sh: stops and starts the suite's own PostgreSQL and RabbitMQ.</summary>
    public static string ServicesScript => Required("CONSENT_TEST_SERVICES");

    /// <summary>The checkout the tests run from (where Consent.sln is), for the committed contract files.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Consent.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Consent.sln not found above the test's directory.");
    }

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name)
        ?? throw new InvalidOperationException($"{name} is not set: run the suite through ./test.sh, which starts PostgreSQL and RabbitMQ.");
}
