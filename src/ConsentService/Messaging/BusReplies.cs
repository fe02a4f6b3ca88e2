namespace Consent.Service.Messaging;

/// <summary>
/// Where replies may go: only queues of the sender's own namespace his.&lt;broker-user&gt;.*, which the
/// broker lets that user alone create and read (scripts/broker-users.sh). A reply_to elsewhere would let
/// one hospital forge answers to another's pending commands.
/// </summary>
public static class BusReplies
{
    public static string Namespace(BusUser user) => Namespace(user.Name);

    public static bool MayReplyTo(BusUser user, string replyTo) => MayReplyTo(user.Name, replyTo);

    /// <summary>By the broker user's name alone: a user the broker verified but the service does not map is answered too.</summary>
    public static bool MayReplyTo(string userName, string replyTo) =>
        userName.Length > 0
        && replyTo.Length <= 255
        && replyTo.StartsWith(Namespace(userName), StringComparison.Ordinal)
        && replyTo.Length > Namespace(userName).Length
        && Consent.Domain.InputRules.IsVisibleAscii(replyTo, 255);

    private static string Namespace(string userName) => $"his.{userName}.";
}
