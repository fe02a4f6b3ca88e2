namespace Consent.Service.EventStore;

/// <summary>The highest position whose commit this replica has been told about (lag metrics measure against it).</summary>
public static class CommitWatermark
{
    public static long Announced;

    public static void Saw(long position)
    {
        var current = Interlocked.Read(ref Announced);
        while (position > current)
        {
            var seen = Interlocked.CompareExchange(ref Announced, position, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }
}
