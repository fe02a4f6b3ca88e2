using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Consent.Service.Hosting;

/// <summary>
/// Refuses a null inside a list of a request or bus body (<c>{"requests": [null]}</c>). The serializer
/// checks the nullability of members, not of what a list holds, so such a body came through with a null
/// where every reader expects a value. No list of the contracts may hold nulls; lists of value types
/// (numbers, dates) refuse them by themselves.
/// </summary>
public static class NullElements
{
    public const string Refusal = "null-element:";

    /// <summary>A modifier of the strict options' contracts: objects with lists check them once read.</summary>
    public static void Refuse(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }
        var lists = info.Properties.Where(p => p.Get is not null && HoldsReferences(p.PropertyType)).ToArray();
        if (lists.Length == 0)
        {
            return;
        }
        var before = info.OnDeserialized;
        info.OnDeserialized = value =>
        {
            foreach (var list in lists)
            {
                if (list.Get!(value) is IEnumerable items && IndexOfNull(items) is { } index)
                {
                    // The serializer adds the object's path; the member and index are ours to name.
                    throw new JsonException($"{Refusal}{list.Name}[{index}]");
                }
            }
            before?.Invoke(value);
        };
    }

    private static int? IndexOfNull(IEnumerable items)
    {
        var index = 0;
        foreach (var item in items)
        {
            if (item is null)
            {
                return index;
            }
            index++;
        }
        return null;
    }

    private static bool HoldsReferences(Type type) =>
        type != typeof(string)
        && (type.IsArray ? type.GetElementType() : EnumerableElement(type)) is { IsValueType: false };

    private static Type? EnumerableElement(Type type)
    {
        var enumerable = type.IsInterface && type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0];
    }
}
