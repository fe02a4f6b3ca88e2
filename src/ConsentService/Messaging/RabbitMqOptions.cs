namespace Consent.Service.Messaging;

/// <summary>
/// The RabbitMq configuration section. Only Uri is required; the rest has defaults fitted to a
/// small replica (2 cores). Commands are handled one at a time in queue order (see MessagingSetup).
/// </summary>
public sealed class RabbitMqOptions
{
    public const string Section = "RabbitMq";

    /// <summary>Off for tools that need no broker (the benchmark); on by default.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>amqp:// or amqps:// URI of the broker, user and password included.</summary>
    public string? Uri { get; set; }

    /// <summary>Unacknowledged commands the broker may hand this replica at once (they wait in the client, in order).</summary>
    public ushort Prefetch { get; set; } = 32;

    /// <summary>How often the relay looks at the log when no commit notification woke it (a fallback only).</summary>
    public TimeSpan RelayPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Events read and published per round of the relay before the checkpoint is saved.</summary>
    public int RelayBatchSize { get; set; } = 200;

    /// <summary>Pause between reconnection attempts of the client's automatic recovery.</summary>
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Off (the default): Wolverine loads its pre-generated handler code (Internal/Generated) and never
    /// compiles at run time. On: it generates and compiles missing code with Roslyn and writes it under
    /// the content root's Internal/Generated, which is how that code is refreshed (see the README).
    /// </summary>
    public bool GenerateHandlerCode { get; set; }
}
