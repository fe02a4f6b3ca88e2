using System.Globalization;
using Spectre.Console;

namespace Consent.Service.Auditing;

/// <summary>
/// Shows a long command's progress on stderr (stdout carries its report): a Spectre.Console bar on a
/// terminal, a line per tenth when stderr is redirected (a log, CI), where bars leave escape codes.
/// </summary>
public static class OperatorProgress
{
    /// <param name="estimated">The total is an estimate (the planner's statistics): shown as "~N".</param>
    public static async Task<T> RunAsync<T>(string what, long total, Func<Action<long>, Task<T>> work, bool estimated = false)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (!console.Profile.Capabilities.Interactive || Console.IsErrorRedirected)
        {
            var lastTenth = -1L;
            var shown = string.Create(CultureInfo.InvariantCulture, $"{(estimated ? "~" : "")}{total:N0}");
            Console.Error.WriteLine($"{what}: {shown}");
            return await work(done =>
            {
                // A total estimated from the planner's statistics can fall short of the work: it stays at the last tenth.
                var tenth = total == 0 ? 10 : Math.Min(10, 10 * done / total);
                if (tenth != lastTenth)
                {
                    lastTenth = tenth;
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: {done:N0} / {shown}"));
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
