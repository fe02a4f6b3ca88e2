using System.Globalization;
using Spectre.Console;

namespace Consent.Service.Auditing;

/// <summary>
/// Shows a long command's progress on stderr (stdout carries its report): a Spectre.Console bar on a
/// terminal, a line per tenth when stderr is redirected (a log, CI), where bars leave escape codes.
/// </summary>
public static class OperatorProgress
{
    public static async Task<T> RunAsync<T>(string what, long total, Func<Action<long>, Task<T>> work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (!console.Profile.Capabilities.Interactive || Console.IsErrorRedirected)
        {
            var lastTenth = -1L;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: {total:N0}"));
            return await work(done =>
            {
                var tenth = total == 0 ? 10 : 10 * done / total;
                if (tenth != lastTenth)
                {
                    lastTenth = tenth;
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: {done:N0} / {total:N0}"));
                }
            });
        }
        return await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(what, maxValue: Math.Max(1, total));
                var result = await work(done => task.Value = done);
                task.Value = task.MaxValue;
                return result;
            });
    }
}
