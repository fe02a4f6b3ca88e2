using Npgsql;

namespace Consent.Service.Auditing;

/// <summary>
/// The operators' audit commands of the service's dll: verify, rebuild-views, verify-export. Exit
/// codes: 0 all verified (or repaired), 1 a break found, 2 usage or set-up error (no database).
/// </summary>
public static class AuditCommands
{
    public const int Verified = 0;
    public const int Broken = 1;
    public const int UsageError = 2;

    public static bool Handles(string[] args) => args is ["verify" or "rebuild-views" or "verify-export", ..];

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            return args[0] switch
            {
                "verify" => await VerifyCommand.RunAsync(args[1..]),
                "rebuild-views" => await RebuildViewsCommand.RunAsync(args[1..]),
                _ => await VerifyExportCommand.RunAsync(args[1..]),
            };
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            // A wrong connection string or an unreachable database: say so without a stack trace.
            Console.Error.WriteLine($"{args[0]} failed: {e.Message}");
            return UsageError;
        }
    }
}
