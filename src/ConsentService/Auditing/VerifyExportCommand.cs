using System.Globalization;
using System.Text.Json;
using Consent.Service.EventStore;

namespace Consent.Service.Auditing;

/// <summary>
/// <c>dotnet Consent.Service.dll verify-export file.ndjson</c>: checks an NDJSON export's hash chain
/// offline, with no database: each line's hash must be SHA-256 of the previous line's hash and the
/// line's canonical bytes, and versions must run 1, 2, 3... Prints the head hash to compare with the
/// integrity route. Exit 0 intact, 1 broken (naming the first broken version), 2 unreadable.
/// </summary>
public static class VerifyExportCommand
{
    private const string Usage = "usage: dotnet Consent.Service.dll verify-export <file.ndjson>";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 1 || !File.Exists(args[0]))
        {
            Console.Error.WriteLine(args.Length == 1 ? $"{args[0]}: no such file.\n{Usage}" : Usage);
            return AuditCommands.UsageError;
        }
        var result = await VerifyAsync(args[0]);
        if (result is null)
        {
            return AuditCommands.UsageError;
        }
        Console.WriteLine(result.Verified
            ? string.Create(CultureInfo.InvariantCulture, $"{result.StreamId}: {result.Version} events, chain intact, head hash {result.HeadHash}")
            : string.Create(CultureInfo.InvariantCulture, $"{result.StreamId}: BROKEN, first broken version {result.FirstBrokenVersion}"));
        return result.Verified ? AuditCommands.Verified : AuditCommands.Broken;
    }

    public static async Task<StreamIntegrity?> VerifyAsync(string path)
    {
        StreamChainCheck? check = null;
        var lineNumber = 0;
        var last = (Version: 0L, Hash: HashChain.Genesis.ToArray());
        foreach (var text in await File.ReadAllLinesAsync(path))
        {
            lineNumber++;
            if (text.Length == 0)
            {
                continue;
            }
            ExportLine line;
            byte[] hash;
            try
            {
                line = JsonSerializer.Deserialize<ExportLine>(text, StoreJson.Options) ?? throw new JsonException("empty line");
                hash = Convert.FromHexString(line.Hash);
            }
            catch (Exception e) when (e is JsonException or FormatException or ArgumentNullException)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"line {lineNumber}: not an export line ({e.Message})"));
                return null;
            }
            check ??= new StreamChainCheck(line.Stream);
            if (line.Stream != check.StreamId)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"line {lineNumber}: another stream than line 1's"));
                return null;
            }
            check.Add(line.Version, line.Canonical(), hash);
            last = (line.Version, hash);
        }
        // Offline, the file's own last line is the head it claims; compare it with the integrity route's headHash.
        return (check ?? new StreamChainCheck("(empty export)")).Finish(last.Version, last.Hash);
    }
}
