namespace Consent.IntegrationTests.Infrastructure;

/// <summary>
/// Another replica on the shared service's database: without the bus (the shared service's relay is
/// the one) and without seeding (the demo data is there already).
/// </summary>
public class SecondReplica : ServiceFactory
{
    public SecondReplica() { }

    /// <summary>On another database than the shared service's (one a test class has to itself).</summary>
    public SecondReplica(string connectionString) : base(connectionString) { }

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["RabbitMq:Enabled"] = "false";
            settings["Demo:Seed"] = "false";
            return settings;
        }
    }
}
