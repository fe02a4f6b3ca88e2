using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Consent.IntegrationTests.Infrastructure;
using RabbitMQ.Client;

namespace Consent.IntegrationTests.Faults;

/// <summary>
/// A virtual host of the test broker for one fault: its own consent.commands queue, dead letters and
/// consent.events exchange, so the counts of a fault are never mixed with another test's messages and
/// no service of another test consumes its commands. The suite's admin user "consent" and the demo
/// hospital user his-az-delta get the same permissions there as on "/" (scripts/broker-users.sh).
/// </summary>
public sealed class FaultVhost : IAsyncDisposable
{
    public const string Hospital = "his-az-delta";

    private FaultVhost(string name) => Name = name;

    public string Name { get; }

    /// <summary>The service's AMQP URI (admin user) on this vhost.</summary>
    public string ServiceUri => Uri("consent", "consent");

    public static async Task<FaultVhost> CreateAsync(string fault)
    {
        var vhost = Named(fault);
        await vhost.CreateOnBrokerAsync();
        return vhost;
    }

    /// <summary>A vhost's name and URIs only: until <see cref="CreateOnBrokerAsync"/>, the broker refuses connections to it.</summary>
    public static FaultVhost Named(string fault) => new($"fault-{fault}-{Guid.NewGuid():N}"[..40]);

    public async Task CreateOnBrokerAsync()
    {
        using var http = Management();
        (await http.PutAsync($"api/vhosts/{Name}", JsonContent.Create(new { }))).EnsureSuccessStatusCode();
        (await http.PutAsync($"api/permissions/{Name}/consent", JsonContent.Create(new { configure = ".*", write = ".*", read = ".*" }))).EnsureSuccessStatusCode();
        var own = @"^his\.his-az-delta\..*";
        (await http.PutAsync($"api/permissions/{Name}/{Hospital}", JsonContent.Create(new
        {
            configure = $"{own}|^amq\\.gen.*",
            write = $"^consent\\.commands$|{own}|^amq\\.gen.*",
            read = $"^consent\\.events$|{own}|^amq\\.gen.*",
        }))).EnsureSuccessStatusCode();
    }

    /// <summary>A connection to this vhost as the admin user or the hospital (password = user name).</summary>
    public Task<IConnection> ConnectAsync(string user = "consent") =>
        new ConnectionFactory
        {
            Uri = new System.Uri(user == "consent" ? ServiceUri : Uri(user, user)),
            AutomaticRecoveryEnabled = false,
            RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
        }.CreateConnectionAsync();

    /// <summary>Waits until the service has declared its topology and consumes commands here.</summary>
    public async Task WaitForConsumersAsync(uint count, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            try
            {
                await using var connection = await ConnectAsync();
                await using var channel = await connection.CreateChannelAsync();
                if ((await channel.QueueDeclarePassiveAsync("consent.commands")).ConsumerCount >= count)
                {
                    return;
                }
            }
            catch (Exception e) when (e is RabbitMQ.Client.Exceptions.OperationInterruptedException or RabbitMQ.Client.Exceptions.BrokerUnreachableException)
            {
                // Not declared yet, or the broker is still starting.
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No {count} consumer(s) on consent.commands in {Name} within {within.TotalSeconds:0}s.");
            }
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var http = Management();
            await http.DeleteAsync($"api/vhosts/{Name}");
        }
        catch (Exception)
        {
            // Best effort: the suite's broker is thrown away after the run.
        }
    }

    private string Uri(string user, string password)
    {
        var builder = new UriBuilder(TestEnvironment.RabbitUri) { UserName = user, Password = password, Path = "/" + System.Uri.EscapeDataString(Name) };
        return builder.Uri.AbsoluteUri;
    }

    private static HttpClient Management()
    {
        var http = new HttpClient { BaseAddress = new System.Uri(TestEnvironment.RabbitManagementUri.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("consent:consent")));
        return http;
    }
}
