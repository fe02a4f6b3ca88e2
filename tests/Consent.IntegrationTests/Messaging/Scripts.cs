using System.Diagnostics;
using Consent.IntegrationTests.Infrastructure;

namespace Consent.IntegrationTests.Messaging;

/// <summary>Runs outside programs: the suite's server control script and third-party clients.</summary>
public static class Scripts
{
    /// <summary>scripts/test-services.sh {pg|rabbit} {stop|start}.</summary>
    public static Task ServicesAsync(string server, string action) => RunAsync("bash", TestEnvironment.ServicesScript, server, action);

    public static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await errors}{await output}");
        return await output;
    }
}
