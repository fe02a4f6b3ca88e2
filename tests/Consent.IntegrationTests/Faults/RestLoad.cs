using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Consent.IntegrationTests.Infrastructure;

namespace Consent.IntegrationTests.Faults;

/// <summary>A write acknowledged to a client (2xx), with the correlation id its events must carry.</summary>
public sealed record AckedWrite(string Patient, string CorrelationId, string Kind, long Position);

/// <summary>
/// Clients writing over REST as a hospital system would, each on a patient of its own: give consent,
/// add a relation for its staff, end it, revoke consent, over and over, and ask a decision after every
/// write. Each write carries an Idempotency-Key and an X-Correlation-Id and is retried, with the same
/// key, until it is acknowledged (as a real client must when its connection drops): so every write ends
/// acknowledged exactly once and its events can be counted by correlation id. With several endpoints,
/// a client whose replica refuses connections moves to the next one, as behind a load balancer.
/// </summary>
public sealed class RestLoad
{
    private readonly HttpClient[] endpoints;
    private readonly int clients;
    private readonly ConcurrentDictionary<string, int> decisionsSent = new();
    private readonly ConcurrentDictionary<string, int> decisionsAnswered = new();
    private readonly ConcurrentQueue<string> unexpected = new();
    private readonly ConcurrentQueue<(string Patient, string CorrelationId)> unfinished = new();
    private readonly CancellationTokenSource stop = new();
    private readonly CancellationTokenSource giveUp = new();
    private int attempts;
    private Task running = Task.CompletedTask;

    public RestLoad(IEnumerable<Uri> services, string token, int clients)
    {
        endpoints = [.. services.Select(uri =>
        {
            var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2), PooledConnectionLifetime = TimeSpan.FromMinutes(1) };
            var client = new HttpClient(handler) { BaseAddress = uri, Timeout = TimeSpan.FromSeconds(20) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return client;
        })];
        this.clients = clients;
    }

    public ConcurrentQueue<AckedWrite> Acked { get; } = new();

    public ConcurrentBag<string> Patients { get; } = [];

    /// <summary>Requests sent, retries included.</summary>
    public int Attempts => attempts;

    public IReadOnlyDictionary<string, int> DecisionsSent => decisionsSent;

    public IReadOnlyDictionary<string, int> DecisionsAnswered => decisionsAnswered;

    /// <summary>Answers no retry can change (4xx): each is a broken promise, listed in the failure.</summary>
    public IReadOnlyCollection<string> Unexpected => unexpected;

    /// <summary>Writes still unacknowledged when the clients gave up: each may be stored once or not at all, never in part.</summary>
    public IReadOnlyCollection<(string Patient, string CorrelationId)> Unfinished => unfinished;

    public void Start() => running = Task.WhenAll(Enumerable.Range(0, clients).Select(i => Task.Run(() => ClientAsync(i))));

    /// <summary>Waits until at least <paramref name="count"/> writes are acknowledged in all (progress, not time).</summary>
    public async Task WaitForAckedAsync(int count, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (Acked.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Only {Acked.Count} of {count} writes acknowledged within {within.TotalSeconds:0}s; unexpected: {string.Join("; ", unexpected.Take(5))}");
            Assert.True(unexpected.IsEmpty, $"Unexpected answers: {string.Join("; ", unexpected.Take(5))}");
            await Task.Delay(50);
        }
    }

    /// <summary>No new writes; the ones under way are retried until acknowledged, for at most <paramref name="patience"/>.</summary>
    public async Task StopAsync(TimeSpan patience)
    {
        await stop.CancelAsync();
        giveUp.CancelAfter(patience);
        await running;
        foreach (var endpoint in endpoints)
        {
            endpoint.Dispose();
        }
    }

    private async Task ClientAsync(int index)
    {
        var patient = TestPatients.Next().Value;
        Patients.Add(patient);
        var endpoint = index % endpoints.Length;
        string? relation = null;
        for (var step = 0; !stop.IsCancellationRequested; step++)
        {
            var (kind, method, path, body) = (step % 4) switch
            {
                0 => ("give", HttpMethod.Put, $"/v1/patients/{patient}/consent", (object?)null),
                1 => ("add", HttpMethod.Post, $"/v1/patients/{patient}/relations", new { provider = Demo.Gp, type = "hospitalisation" }),
                2 => ("end", HttpMethod.Delete, $"/v1/patients/{patient}/relations/{relation}", null),
                _ => ("revoke", HttpMethod.Delete, $"/v1/patients/{patient}/consent", null),
            };
            // No patient number in it: correlation ids reach the service's logs.
            var correlation = $"c{index}-{step}-{Guid.NewGuid():N}";
            var (response, moved) = await WriteAsync(endpoint, method, path, body, correlation);
            endpoint = moved;
            if (response is null)
            {
                unfinished.Enqueue((patient, correlation));
                return;
            }
            if (!response.IsSuccessStatusCode)
            {
                unexpected.Enqueue($"{kind} {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                return;
            }
            if (kind == "add")
            {
                relation = (await response.Json()).Str("id");
            }
            Acked.Enqueue(new AckedWrite(patient, correlation, kind, response.Position()));
            endpoint = await DecideAsync(endpoint, patient);
        }
    }

    // Retries one write with the same key until it is answered with anything but a passing failure.
    private async Task<(HttpResponseMessage? Response, int Endpoint)> WriteAsync(int endpoint, HttpMethod method, string path, object? body, string correlation)
    {
        var key = $"fault-{correlation}";
        while (!giveUp.IsCancellationRequested)
        {
            Interlocked.Increment(ref attempts);
            try
            {
                var response = await endpoints[endpoint].SendJson(method, path, body, ("Idempotency-Key", key), ("X-Correlation-Id", correlation));
                if ((int)response.StatusCode < 500)
                {
                    return (response, endpoint);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // The service or its database is away: try again, on the next replica if there is one.
                endpoint = (endpoint + 1) % endpoints.Length;
            }
            await Task.Delay(100);
        }
        return (null, endpoint);
    }

    private async Task<int> DecideAsync(int endpoint, string patient)
    {
        decisionsSent.AddOrUpdate(patient, 1, (_, n) => n + 1);
        try
        {
            var response = await endpoints[endpoint].PostJson("/v1/access-decisions", new { patient, provider = Demo.Gp });
            if (response.StatusCode == HttpStatusCode.OK)
            {
                decisionsAnswered.AddOrUpdate(patient, 1, (_, n) => n + 1);
            }
            else if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                unexpected.Enqueue($"decision {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            endpoint = (endpoint + 1) % endpoints.Length;
        }
        return endpoint;
    }
}
