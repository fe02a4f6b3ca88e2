namespace Consent.IntegrationTests.Infrastructure;

/// <summary>The servers ./test.sh started for this run; the tests refuse to run without them.</summary>
public static class TestEnvironment
{
    public static string PostgresConnectionString => Required("CONSENT_TEST_PG");

    public static string RabbitUri => Required("CONSENT_TEST_RABBIT");

    public static string RabbitManagementUri => Required("CONSENT_TEST_RABBIT_MGMT");

    /// <summary>scripts/test-services.sh: stops and starts the suite's own PostgreSQL and RabbitMQ.</summary>
    public static string ServicesScript => Required("CONSENT_TEST_SERVICES");

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name)
        ?? throw new InvalidOperationException($"{name} is not set: run the suite through ./test.sh, which starts PostgreSQL and RabbitMQ.");
}
