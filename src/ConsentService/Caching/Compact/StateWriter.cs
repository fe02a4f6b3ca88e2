namespace Consent.Service.Caching.Compact;

/// <summary>
/// Writes the primitives of a cached patient's bytes (read back by <see cref="StateReader"/>): unsigned
/// varints (7 bits a byte, low first), signed ones zigzagged so that small negatives stay small, raw
/// GUIDs, UTF-8 text and instants as a difference from a nearby instant. One writer per thread, reused:
/// encoding a state allocates only the array it ends in.
/// </summary>
internal sealed class StateWriter
{
    [ThreadStatic]
    private static StateWriter? current;

    private byte[] buffer = new byte[512];
    private int length;

    /// <summary>This thread's writer, emptied. Encoding never nests, so one per thread is enough.</summary>
    public static StateWriter ForThisThread()
    {
        var writer = current ??= new StateWriter();
        writer.length = 0;
        return writer;
    }

    public byte[] ToArray() => buffer.AsSpan(0, length).ToArray();

    public void Varint(ulong value)
    {
        Room(10);
        while (value >= 0x80)
        {
            buffer[length++] = (byte)(value | 0x80);
            value >>= 7;
        }
        buffer[length++] = (byte)value;
    }

    public void Signed(long value) => Varint(ZigZag.Encode(value));

    public void Guid(Guid value)
    {
        Room(16);
        value.TryWriteBytes(buffer.AsSpan(length, 16));
        length += 16;
    }

    /// <summary>Byte length, then the bytes. Text that is not valid UTF-16 (a lone surrogate) has no exact UTF-8 form.</summary>
    public void Utf8(string text)
    {
        var byteCount = System.Text.Encoding.UTF8.GetByteCount(text);
        Varint((ulong)byteCount);
        Room(byteCount);
        if (System.Text.Unicode.Utf8.FromUtf16(text, buffer.AsSpan(length, byteCount), out _, out var written, replaceInvalidSequences: false)
            != System.Buffers.OperationStatus.Done)
        {
            throw new UnencodableStateException("text that is not valid UTF-16");
        }
        length += written;
    }

    /// <summary>
    /// An instant as its distance from <paramref name="reference"/> (see <see cref="Instants"/>), and its
    /// offset only when it differs from the reference's: the store's instants are UTC, and a patient's
    /// instants are close to each other or a whole number of days apart.
    /// </summary>
    public void Instant(DateTimeOffset value, DateTimeOffset reference)
    {
        var ownOffset = value.Offset != reference.Offset ? 1UL : 0UL;
        var delta = value.UtcTicks - reference.UtcTicks;
        var unit = Instants.UnitOf(delta);
        var steps = ZigZag.Encode(delta / Instants.UnitTicks[unit]);
        if (steps < Instants.MaxSteps)
        {
            Varint((steps << Instants.TagBits) | ((ulong)unit << 1) | ownOffset);
        }
        else
        {
            Varint(((ulong)Instants.Absolute << 1) | ownOffset);
            Varint((ulong)value.UtcTicks);
        }
        if (ownOffset != 0)
        {
            Signed((long)value.Offset.TotalMinutes);
        }
    }

    private void Room(int bytes)
    {
        if (length + bytes > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + bytes));
        }
    }
}
