using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Consent.IntegrationTests.Infrastructure;

namespace Consent.IntegrationTests.Faults;

/// <summary>
/// The real service as a process of its own (the build output of src/ConsentService, run with
/// `dotnet`), so that a fault can end it the hard way: SIGKILL, no shutdown hooks, no flushed buffers.
/// Every process started here is killed when the test disposes it, and at the latest when the test
/// host exits, so a failing fault never leaves a service behind that would consume another's commands.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<int, Process> Running = new();
    private static readonly string Dll = FindServiceDll();

    private readonly IReadOnlyDictionary<string, string> environment;
    private readonly ConcurrentQueue<string> lines = new();
    private Process? process;

    static ServiceProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var running in Running.Values)
        {
            Kill(running);
        }
    };

    public ServiceProcess(string name, string connectionString, string rabbitUri, IReadOnlyDictionary<string, string>? extra = null)
    {
        Name = name;
        Port = FreePort();
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__Consent"] = connectionString,
            ["RabbitMq__Uri"] = rabbitUri,
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["Auth__DevTokens"] = "true",
            ["Demo__Seed"] = "true",
            // Two cores shared with the rest of the suite: no need for the production-sized warm-up.
            ["Cache__WarmPatients"] = "1000",
            ["DOTNET_gcServer"] = "0",
            ["Logging__LogLevel__Consent.Service.Messaging.EventRelay"] = "Debug",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }
        environment = settings;
        BaseAddress = new Uri($"http://127.0.0.1:{Port}");
    }

    public string Name { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public int Pid => process?.Id ?? 0;

    public bool IsRunning => process is { HasExited: false };

    /// <summary>What the service printed (JSON log lines), for finding the relay's leader.</summary>
    public IReadOnlyCollection<string> Output => lines;

    /// <summary>Whether the process logged that it took the relay's leadership (EventRelay's line).</summary>
    public bool SaidItRelays => lines.Any(l => l.Contains("This replica relays events", StringComparison.Ordinal));

    /// <summary>Resident memory of the process in bytes, read from /proc.</summary>
    public long ResidentBytes()
    {
        process!.Refresh();
        return process.WorkingSet64;
    }

    public async Task StartAsync(TimeSpan? readyWithin = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(Dll)!,
        };
        foreach (var argument in new[] { Dll, "--urls", BaseAddress.ToString(), "--contentRoot", Path.GetDirectoryName(Dll)! })
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        Running[process.Id] = process;
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitReadyAsync(readyWithin ?? TimeSpan.FromSeconds(60));
    }

    /// <summary>SIGKILL: the process gets no chance to finish anything.</summary>
    public async Task KillAsync()
    {
        if (process is null)
        {
            return;
        }
        Kill(process);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(timeout.Token);
        Running.TryRemove(process.Id, out _);
        process.Dispose();
        process = null;
    }

    /// <summary>Polls /health/ready until it answers 200 (true) or the time is up (false).</summary>
    public async Task<bool> ReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            return (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    public async Task WaitReadyAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await ReadyAsync())
        {
            if (process is null || process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited during start-up:\n{string.Join('\n', lines.TakeLast(30))}");
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Name} was not ready within {within.TotalSeconds:0}s:\n{string.Join('\n', lines.TakeLast(30))}");
            }
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        if (Environment.GetEnvironmentVariable("CONSENT_FAULT_LOGS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllLinesAsync(Path.Combine(folder, Name.Replace('/', '-') + ".log"), lines);
        }
    }

    private void Remember(string? line)
    {
        if (line is not null && lines.Count < 20_000)
        {
            lines.Enqueue(line);
        }
    }

    private static void Kill(Process target)
    {
        try
        {
            if (!target.HasExited)
            {
                // Process.Kill sends SIGKILL on Linux: the crash this suite is about.
                target.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // The service's own build output (built with the suite: this project references it), in the same
    // configuration as the tests: bin/<Configuration>/net10.0 of src/ConsentService.
    private static string FindServiceDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = here.Parent!.Name;
        var dll = Path.Combine(TestEnvironment.RepositoryRoot(), "src", "ConsentService", "bin", configuration, "net10.0", "Consent.Service.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"The service is not built: {dll}");
    }
}
