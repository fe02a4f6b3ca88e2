namespace Consent.Service.Messaging;

/// <summary>
/// Where replies may go: only queues of the sender's own namespace his.&lt;broker-user&gt;.*, which the
/// broker lets that user alone create and read (scripts/broker-users.sh). A reply_to elsewhere would let
/// one hospital forge answers to another's pending commands.
/// </summary>
public static class BusReplies
{
    public static string Namespace(BusUser user) => $"his.{user.Name}.";

    public static bool MayReplyTo(BusUser user, string replyTo) =>
        replyTo.Length <= 255
        && replyTo.StartsWith(Namespace(user), StringComparison.Ordinal)
        && replyTo.Length > Namespace(user).Length
        && Consent.Domain.InputRules.IsVisibleAscii(replyTo, 255);
}
