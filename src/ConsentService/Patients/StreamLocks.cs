namespace Consent.Service.Patients;

/// <summary>
/// Serialises this replica's commands per patient stream (striped, so memory stays fixed): concurrent
/// writes to one patient then queue here instead of racing to a version conflict in the database.
/// Other replicas can still conflict; the handler retries those.
/// </summary>
public sealed class StreamLocks
{
    private readonly SemaphoreSlim[] stripes = [.. Enumerable.Range(0, 1024).Select(_ => new SemaphoreSlim(1, 1))];

    public async Task<IDisposable> EnterAsync(string streamId, CancellationToken cancellationToken)
    {
        var stripe = stripes[(streamId.GetHashCode() & int.MaxValue) % stripes.Length];
        await stripe.WaitAsync(cancellationToken);
        return new Release(stripe);
    }

    private sealed class Release(SemaphoreSlim stripe) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                stripe.Release();
            }
        }
    }
}
