namespace Consent.Service.Caching.Compact;

/// <summary>
/// How an instant is written: its distance from a reference instant in the largest unit that divides it
/// exactly (days, seconds, microseconds as the store keeps them, or .NET's 100 ns ticks), zigzagged and
/// shifted above a 4-bit tag (offset differs: 1 bit; unit: 3 bits). An instant recorded with the
/// reference costs one byte, a relation's end 15 months after its start two. A distance too large for
/// that (thousands of years in ticks) is written as the absolute UTC ticks instead.
/// </summary>
internal static class Instants
{
    public const int TagBits = 4;

    /// <summary>The unit code of an instant written as its absolute UTC ticks.</summary>
    public const int Absolute = 4;

    /// <summary>Steps must fit above the tag in 64 bits.</summary>
    public const ulong MaxSteps = 1UL << (64 - TagBits);

    public static readonly long[] UnitTicks = [1, 10, TimeSpan.TicksPerSecond, TimeSpan.TicksPerDay];

    /// <summary>Where instants are counted from when a state has no recording instant of its own.</summary>
    public static readonly DateTimeOffset Epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static int UnitOf(long delta) =>
        delta % TimeSpan.TicksPerDay == 0 ? 3
        : delta % TimeSpan.TicksPerSecond == 0 ? 2
        : delta % 10 == 0 ? 1
        : 0;
}

/// <summary>Signed numbers as unsigned ones where small magnitudes stay small: 0, -1, 1, -2 ... become 0, 1, 2, 3 ...</summary>
internal static class ZigZag
{
    public static ulong Encode(long value) => (ulong)((value << 1) ^ (value >> 63));

    public static long Decode(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);
}

/// <summary>A state the cache cannot write exactly (never one the store holds): it is not cached.</summary>
internal sealed class UnencodableStateException(string what) : Exception($"The patient cache cannot encode {what}.");
