namespace Consent.Service.Caching.Compact;

/// <summary>Reads what <see cref="StateWriter"/> wrote, in the same order, from a cached patient's bytes.</summary>
internal ref struct StateReader(ReadOnlySpan<byte> bytes)
{
    private readonly ReadOnlySpan<byte> bytes = bytes;
    private int position;

    public readonly bool AtEnd => position == bytes.Length;

    public ulong Varint()
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = bytes[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }

    public long Signed() => ZigZag.Decode(Varint());

    public int Int() => checked((int)Signed());

    public Guid Guid()
    {
        var value = new Guid(bytes.Slice(position, 16));
        position += 16;
        return value;
    }

    public string Utf8()
    {
        var byteCount = checked((int)Varint());
        var text = System.Text.Encoding.UTF8.GetString(bytes.Slice(position, byteCount));
        position += byteCount;
        return text;
    }

    public DateTimeOffset Instant(DateTimeOffset reference)
    {
        var tag = Varint();
        var unit = (int)((tag >> 1) & 0b111);
        var utcTicks = unit == Instants.Absolute
            ? (long)Varint()
            : reference.UtcTicks + (ZigZag.Decode(tag >> Instants.TagBits) * Instants.UnitTicks[unit]);
        var offset = (tag & 1) != 0 ? TimeSpan.FromMinutes(Signed()) : reference.Offset;
        return new DateTimeOffset(utcTicks + offset.Ticks, offset);
    }
}
