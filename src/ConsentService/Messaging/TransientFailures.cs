using System.Net.Sockets;
using Consent.Service.EventStore;
using Npgsql;

namespace Consent.Service.Messaging;

/// <summary>
/// Failures that say nothing about the message: the database or the network is away for a while.
/// A command failing so is retried until it succeeds, never dead-lettered. A refusal caused by the
/// message's content (a data or integrity exception) is not passing: retrying it would wedge its lane.
/// </summary>
public static class TransientFailures
{
    public static bool IsTransient(Exception e) => e switch
    {
        PostgresException p => !IsContentError(p),
        NpgsqlException => true,
        TimeoutException or IOException or SocketException => true,
        VersionConflictException => true,
        _ => e.InnerException is { } inner && IsTransient(inner),
    };

    /// <summary>SQLSTATE class 22 (data exception) or 23 (integrity violation): the value, not the moment.</summary>
    public static bool IsContentError(PostgresException e) => e.SqlState.StartsWith("22", StringComparison.Ordinal)
        || (e.SqlState.StartsWith("23", StringComparison.Ordinal) && !ProcessedMessages.IsDuplicate(e));
}
