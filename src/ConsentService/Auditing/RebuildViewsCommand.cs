using System.Diagnostics;
using System.Globalization;

namespace Consent.Service.Auditing;

/// <summary>
/// <c>dotnet Consent.Service.dll rebuild-views</c>: replays every patient stream, compares each inline
/// view with the replay, repairs those that differ, and prints what it found and its throughput.
/// Exit 0 every view matched, 1 some differed (and were repaired), 2 set-up error.
/// </summary>
public static class RebuildViewsCommand
{
    private const string Usage = "usage: dotnet Consent.Service.dll rebuild-views [--ConnectionStrings:Consent=...]";

    public static async Task<int> RunAsync(string[] args)
    {
        await using var dataSource = await CommandDatabase.OpenAsync(args, Usage);
        if (dataSource is null)
        {
            return AuditCommands.UsageError;
        }
        await using var rebuilder = new ViewRebuilder(dataSource);
        var (total, estimated) = await rebuilder.TakeSnapshotAsync();
        var clock = Stopwatch.StartNew();
        var (streams, events, repairs) = await OperatorProgress.RunAsync("Replaying events", total, report => rebuilder.RunAsync(report), estimated);
        var seconds = Math.Max(clock.Elapsed.TotalSeconds, 0.001);

        var culture = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(culture, $"replayed {streams:N0} streams, {events:N0} events in {seconds:F1} s ({events / seconds:F0} events/s)"));
        foreach (var repair in repairs)
        {
            Console.WriteLine(string.Create(culture, $"  REPAIRED {repair.StreamId}: {repair.Difference}"));
        }
        Console.WriteLine(string.Create(culture, $"views: {streams - repairs.Count:N0} matched, {repairs.Count:N0} repaired"));
        return repairs.Count == 0 ? AuditCommands.Verified : AuditCommands.Broken;
    }
}
