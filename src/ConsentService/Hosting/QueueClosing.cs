using System.Threading.Channels;

namespace Consent.Service.Hosting;

/// <summary>
/// Closing the queue of a background loop that answers its callers (the access-log writer, the append batcher):
/// once the loop stops, or its host stops before the loop ever ran, nothing queued is left waiting.
/// </summary>
public static class QueueClosing
{
    /// <summary>Takes no more items, and hands each one still queued to <paramref name="refuse"/>.</summary>
    public static void CloseAndRefuse<T>(this Channel<T> queue, Action<T> refuse)
    {
        queue.Writer.TryComplete();
        while (queue.Reader.TryRead(out var left))
        {
            refuse(left);
        }
    }
}
