using System.Net.Sockets;
using Consent.Service.EventStore;
using Npgsql;

namespace Consent.Service.Messaging;

/// <summary>
/// Failures that say nothing about the message: the database or the network is away for a while.
/// A command failing so is retried until it succeeds, never dead-lettered.
/// </summary>
public static class TransientFailures
{
    public static bool IsTransient(Exception e) => e switch
    {
        // Any Npgsql failure that reaches here is about the database, not the message: refusals and
        // duplicates were turned into outcomes before. Retrying a database bug forever is loud in the
        // logs; dead-lettering a good command during an outage would lose it for the patient.
        NpgsqlException => true,
        TimeoutException or IOException or SocketException => true,
        VersionConflictException => true,
        _ => e.InnerException is { } inner && IsTransient(inner),
    };
}
