namespace Consent.Service.Messaging;

/// <summary>
/// A command that can never succeed as sent: malformed, not allowed to its sender, or refused by the
/// domain. It goes to the dead-letter queue with the public problem code and a readable reason.
/// </summary>
public sealed class CommandRejectedException(string code, string reason) : Exception(reason)
{
    public string Code { get; } = code;

    public static CommandRejectedException InvalidRequest(string reason) => new("invalid-request", reason);

    public static CommandRejectedException Forbidden(string reason) => new("forbidden", reason);
}
