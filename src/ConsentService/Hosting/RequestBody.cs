using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;

namespace Consent.Service.Hosting;

/// <summary>
/// Reads request bodies strictly: JSON only, bounded in size, unknown members and missing required
/// ones refused, so that a malformed request is a clear 400 and never half-understood.
/// </summary>
public static class RequestBody
{
    public const int MaxBytes = 64 * 1024;

    public static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        AllowTrailingCommas = false,
        NumberHandling = JsonNumberHandling.Strict,
        // {"type":"a","type":"b"} means what the last one says to this reader and perhaps the first to a proxy or a log
        // in front of it: a body that can be read two ways is refused.
        AllowDuplicateProperties = false,
        Converters = { new CleanStringConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { NullElements.Refuse } },
    };

    public static async Task<T> ReadAsync<T>(HttpRequest request, int maxBytes = MaxBytes)
    {
        if (!IsJson(request.ContentType))
        {
            throw new RefusedException("unsupported-media-type", "Send the body as application/json.");
        }
        if (request.ContentLength > maxBytes)
        {
            throw new RefusedException("payload-too-large", $"The body may be at most {maxBytes} bytes.");
        }
        if (maxBytes > MaxBytes && request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            // Kestrel's own limit is MaxBytes; a route that takes more raises it for this request before reading.
            limit.MaxRequestBodySize = maxBytes;
        }
        // Read from the request's own pipe: no copy and no buffer of our own for the bodies every decision
        // brings, which at thousands a second were most of what the service allocated.
        var body = request.BodyReader;
        while (true)
        {
            var read = await body.ReadAsync(request.HttpContext.RequestAborted);
            var buffer = read.Buffer;
            var whole = read.IsCompleted;
            try
            {
                if (buffer.Length > maxBytes)
                {
                    throw new RefusedException("payload-too-large", $"The body may be at most {maxBytes} bytes.");
                }
                if (whole)
                {
                    return Deserialize<T>(buffer);
                }
            }
            finally
            {
                // Nothing is consumed until the whole body has arrived.
                body.AdvanceTo(whole ? buffer.End : buffer.Start, buffer.End);
            }
        }
    }

    private static T Deserialize<T>(ReadOnlySequence<byte> body) =>
        Parse<T>(body.IsSingleSegment ? body.FirstSpan : body.ToArray(), "The body must be a JSON object.");

    /// <summary>
    /// Reads one body by the strict rules, for REST and bus alike: its refusal is a 400 <c>invalid-request</c> that
    /// says what is wrong in the contract's terms, and <paramref name="whenNull"/> when the body is JSON null.
    /// </summary>
    public static T Parse<T>(ReadOnlySpan<byte> json, string whenNull)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(WithoutByteOrderMark(json), Strict) ?? throw RefusedException.InvalidRequest(whenNull);
        }
        catch (JsonException e)
        {
            throw RefusedException.InvalidRequest(Describe(e));
        }
    }

    // JSON in UTF-8 may start with a byte order mark (RFC 8259 lets a reader ignore it, and some clients' encoders
    // write one); the serializer refuses it as a character before the value.
    private static ReadOnlySpan<byte> WithoutByteOrderMark(ReadOnlySpan<byte> json) =>
        json.StartsWith("\uFEFF"u8) ? json[3..] : json;

    /// <summary>Reads an optional body: an empty one gives the default.</summary>
    public static async Task<T?> ReadOptionalAsync<T>(HttpRequest request) where T : class =>
        request.ContentLength is null or 0 && !request.Headers.TransferEncoding.Any()
            ? null
            : await ReadAsync<T>(request);

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase));

    // The serializer's own messages name CLR types: say what is wrong in the contract's terms instead.
    public static string Describe(JsonException e) => e switch
    {
        { Path: { Length: > 1 } path } when e.Message.StartsWith(CleanStringConverter.Refusal, StringComparison.Ordinal) =>
            $"{path[2..]} holds a control or bidirectional-override character.",
        { Message: var m } when m.StartsWith(NullElements.Refusal, StringComparison.Ordinal) =>
            $"{(e.Path is { Length: > 1 } at ? at[2..] + "." : "")}{m[NullElements.Refusal.Length..]} must not be null.",
        { Path: { Length: > 1 } path } when e.Message.Contains("Duplicate", StringComparison.Ordinal) => $"{path} appears more than once.",
        { Path: { Length: > 1 } path } when e.Message.Contains("could not be mapped", StringComparison.Ordinal) => $"Unknown field {path}.",
        { Message: var m } when m.Contains("missing required properties", StringComparison.Ordinal) => "A required field is missing.",
        { Path: { Length: > 1 } path } => $"Invalid or missing value at {path}.",
        _ => "The body is not valid JSON for this operation.",
    };
}
