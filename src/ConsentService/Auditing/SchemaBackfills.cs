using Npgsql;

namespace Consent.Service.Auditing;

/// <summary>
/// Migration steps that need C#: the hash chains' canonical bytes are defined in C# only, so the
/// chains of data stored before them are computed here, right after the script that adds them.
/// </summary>
public static class SchemaBackfills
{
    public static Task AfterScriptAsync(int version, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        version switch
        {
            20 => HashChainBackfill.RunAsync(connection, transaction, cancellationToken),
            21 => AccessLogBackfill.RunAsync(connection, transaction, cancellationToken),
            _ => Task.CompletedTask,
        };
}
