using System.Diagnostics;
using System.Globalization;

namespace Consent.Service.Auditing;

/// <summary>
/// <c>dotnet Consent.Service.dll verify</c>: checks the hash chain of every stream and of the access
/// log, with progress on stderr, and prints a summary on stdout naming each broken stream and its
/// first broken version. The operator runs it, so stream ids (with the INSS) appear on its stdout;
/// nothing goes to the service's logs. Exit 0 all intact, 1 any break, 2 set-up error.
/// </summary>
public static class VerifyCommand
{
    private const string Usage = "usage: dotnet Consent.Service.dll verify [--ConnectionStrings:Consent=...]";

    public static async Task<int> RunAsync(string[] args)
    {
        await using var dataSource = await CommandDatabase.OpenAsync(args, Usage);
        if (dataSource is null)
        {
            return AuditCommands.UsageError;
        }
        var culture = CultureInfo.InvariantCulture;
        var clock = Stopwatch.StartNew();
        var verifier = new StreamVerifier(dataSource);
        var (streamCount, eventCount) = await verifier.CountAsync();
        var broken = await OperatorProgress.RunAsync("Checking streams", streamCount, async report =>
        {
            var found = new List<StreamIntegrity>();
            var done = 0L;
            await foreach (var stream in verifier.CheckAllAsync())
            {
                if (!stream.Verified)
                {
                    found.Add(stream);
                }
                report(++done);
            }
            return found;
        });

        var entryCount = await CountEntriesAsync(dataSource);
        var accessLog = await OperatorProgress.RunAsync("Checking the access log", entryCount, report =>
            new AccessLogVerifier(dataSource).CheckAsync(new Progress(report)));

        Console.WriteLine(string.Create(culture, $"streams: {streamCount:N0} checked, {eventCount:N0} events, {broken.Count:N0} broken"));
        foreach (var stream in broken)
        {
            Console.WriteLine(string.Create(culture, $"  BROKEN {stream.StreamId}: first broken version {stream.FirstBrokenVersion}"));
        }
        Console.WriteLine(accessLog.Verified
            ? string.Create(culture, $"access log: {accessLog.Batches:N0} batches, {accessLog.Entries:N0} entries, intact")
            : accessLog.Lane is { } lane
                ? string.Create(culture, $"access log: BROKEN in lane {lane} at batch {accessLog.FirstBrokenBatch}: {accessLog.Problem}")
                : string.Create(culture, $"access log: BROKEN: {accessLog.Problem}"));
        foreach (var (laneNumber, batch, head) in accessLog.Heads)
        {
            // Keep these, as the integrity route's headHash: a later check that prints an earlier head lost batches.
            Console.WriteLine(string.Create(culture, $"  lane {laneNumber}: batch {batch}, head {head}"));
        }
        Console.WriteLine(string.Create(culture, $"checked in {clock.Elapsed.TotalSeconds:F1} s"));
        return broken.Count == 0 && accessLog.Verified ? AuditCommands.Verified : AuditCommands.Broken;
    }

    private static async Task<long> CountEntriesAsync(Npgsql.NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("select count(*) from access_log");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Reports on the verifier's own thread: Progress&lt;T&gt; would post late updates after the summary.</summary>
    private sealed class Progress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
