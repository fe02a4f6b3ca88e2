namespace Consent.Service.Caching.Compact;

/// <summary>
/// What the patient cache holds per patient: one byte array that starts with the position it is valid
/// at. A tombstone (a commit was announced, its state is not known here) is that position alone; an
/// encoded state (<see cref="PatientStateCodec"/>) continues after it. Without an object around the
/// bytes, a patient costs the array and the dictionary's node.
/// </summary>
internal static class CachedEntry
{
    public static byte[] Tombstone(long position)
    {
        var writer = StateWriter.ForThisThread();
        writer.Varint((ulong)position);
        return writer.ToArray();
    }

    public static long PositionOf(byte[] entry) => (long)new StateReader(entry).Varint();

    public static bool HoldsState(byte[] entry)
    {
        var reader = new StateReader(entry);
        reader.Varint();
        return !reader.AtEnd;
    }
}
