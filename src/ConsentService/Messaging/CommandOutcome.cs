namespace Consent.Service.Messaging;

/// <summary>What became of a command: applied (or already applied before), or refused for good.</summary>
public sealed record CommandOutcome(bool Accepted, string? Code, string? Detail, long? Position)
{
    public static CommandOutcome Applied(long position) => new(true, null, null, position);

    /// <summary>A redelivery or repeat of a message_id already applied: nothing is written again; the first answer's position.</summary>
    public static CommandOutcome Duplicate(long? position) => new(true, null, "This message_id was already applied; nothing was written again.", position);

    public static CommandOutcome Rejected(string code, string detail) => new(false, code, detail, null);
}
