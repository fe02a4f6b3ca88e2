using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Consent.Service.EventStore;

namespace Consent.Service.Auditing;

/// <summary>
/// The store's JSON written in the order PostgreSQL's jsonb gives it back (keys shorter first, then
/// bytewise), so a state read from jsonb can be compared token by token with a freshly written one,
/// without reading either into objects.
/// </summary>
public static class JsonbOrder
{
    /// <summary>The store's serializer options, with every object's properties in jsonb's key order.</summary>
    public static readonly JsonSerializerOptions Options = new(StoreJson.Options)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OrderAsJsonb } },
    };

    private static void OrderAsJsonb(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }
        var sorted = type.Properties.Select(p => p.Name).Order(KeyOrder.Instance).ToList();
        foreach (var property in type.Properties)
        {
            property.Order = sorted.IndexOf(property.Name);
        }
    }

    /// <summary>
    /// True when both texts hold the same tokens in the same order (strings compared unescaped, so
    /// jsonb's escaping and the serializer's agree). False says nothing more: the order or a number's
    /// spelling may differ where the values do not.
    /// </summary>
    public static bool SameTokens(string stored, ReadOnlySpan<byte> written)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(stored.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(stored, buffer);
            return SameTokens(buffer.AsSpan(0, length), written);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <inheritdoc cref="SameTokens(string, ReadOnlySpan{byte})"/>
    public static bool SameTokens(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var a = new Utf8JsonReader(left);
        var b = new Utf8JsonReader(right);
        while (true)
        {
            var more = a.Read();
            if (more != b.Read() || (more && a.TokenType != b.TokenType))
            {
                return false;
            }
            if (!more)
            {
                return true;
            }
            if (a.TokenType is JsonTokenType.PropertyName or JsonTokenType.String or JsonTokenType.Number && !SameValue(ref a, ref b))
            {
                return false;
            }
        }
    }

    private static bool SameValue(ref Utf8JsonReader a, ref Utf8JsonReader b) =>
        a.ValueIsEscaped || b.ValueIsEscaped
            ? string.Equals(a.GetString(), b.GetString(), StringComparison.Ordinal)
            : a.ValueSpan.SequenceEqual(b.ValueSpan);

    // jsonb stores an object's keys by length, then by their bytes.
    private sealed class KeyOrder : IComparer<string>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            var (left, right) = (Encoding.UTF8.GetBytes(x ?? ""), Encoding.UTF8.GetBytes(y ?? ""));
            return left.Length != right.Length ? left.Length.CompareTo(right.Length) : left.AsSpan().SequenceCompareTo(right);
        }
    }
}
