namespace Consent.Service.Caching;

/// <summary>
/// A cache kept honest by commit notifications (CommitListener): it serves only while they flow, because one
/// sent while the connection was down is lost and would leave an entry stale.
/// </summary>
public interface INotifiedCache
{
    /// <summary>Notifications started or stopped flowing: either way, what the cache holds goes.</summary>
    void Listening(bool live);
}

/// <summary>The "serving" switch of an <see cref="INotifiedCache"/>, ordered against its emptying.</summary>
internal sealed class NotificationGate
{
    private volatile bool open;

    public bool IsOpen => open;

    /// <summary>
    /// Going down, stops serving before <paramref name="empty"/> runs, so no stale entry is served meanwhile;
    /// coming back, empties what was loaded while down before serving again.
    /// </summary>
    public void Switch(bool live, Action empty)
    {
        if (!live)
        {
            open = false;
        }
        empty();
        open = live;
    }
}
