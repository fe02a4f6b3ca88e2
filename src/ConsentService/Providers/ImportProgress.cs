using System.Globalization;
using Spectre.Console;

namespace Consent.Service.Providers;

/// <summary>
/// Shows an import's progress on stderr (stdout carries the report): Spectre.Console bars on a terminal,
/// plain lines when stderr is redirected (a log, CI), where bars would only leave escape codes behind.
/// </summary>
public static class ImportProgress
{
    public static async Task<ImportReport> RunAsync(string path, ProviderImport import)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        using var reader = new StreamReader(stream, ProviderCsv.Utf8);

        if (!console.Profile.Capabilities.Interactive || Console.IsErrorRedirected)
        {
            Console.Error.WriteLine($"reading {path}");
            var file = await ProviderCsv.ParseAsync(reader, CancellationToken.None);
            var lastTenth = -1;
            return await import.ApplyAsync(file, new Synchronous(p =>
            {
                var tenth = p.Total == 0 ? 10 : 10 * p.Done / p.Total;
                if (tenth != lastTenth)
                {
                    lastTenth = tenth;
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"writing {p.Done:N0} / {p.Total:N0} providers"));
                }
            }), CancellationToken.None);
        }

        return await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var reading = context.AddTask("Reading file", maxValue: Math.Max(1, stream.Length));
                var writing = context.AddTask("Writing providers", autoStart: false);
                var parse = ProviderCsv.ParseAsync(reader, CancellationToken.None);
                while (await Task.WhenAny(parse, Task.Delay(100)) != parse)
                {
                    reading.Value = stream.Position;
                }
                reading.Value = reading.MaxValue;
                var file = await parse;
                if (file.Refused.Count > 0)
                {
                    writing.Description = "Nothing written: lines refused";
                    writing.StopTask();
                    return await import.ApplyAsync(file, null, CancellationToken.None);
                }
                writing.MaxValue = Math.Max(1, file.Providers.Count);
                writing.StartTask();
                var report = await import.ApplyAsync(file, new Synchronous(p => writing.Value = p.Done), CancellationToken.None);
                writing.Value = writing.MaxValue;
                return report;
            });
    }

    /// <summary>Reports on the writer's own thread: Progress&lt;T&gt; would post late lines after the report.</summary>
    private sealed class Synchronous(Action<(int Done, int Total)> report) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => report(value);
    }
}
