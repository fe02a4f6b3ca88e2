using System.Text.Json;
using System.Text.Json.Serialization;

namespace Consent.Service.Messaging;

/// <summary>The answer on reply_to (api.md): {status: accepted|rejected, code?, detail?, position?}.</summary>
public sealed record CommandReply(string Status, string? Code, string? Detail, long? Position)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static CommandReply Of(CommandOutcome outcome) =>
        new(outcome.Accepted ? "accepted" : "rejected", outcome.Code, outcome.Detail, outcome.Position);

    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(this, Json);
}
