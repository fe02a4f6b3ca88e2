namespace Consent.Service.Messaging;

/// <summary>Capped exponential back-off with jitter, so that replicas do not retry in step.</summary>
public static class Backoff
{
    public static TimeSpan Delay(int attempt, int baseMilliseconds = 200, int capMilliseconds = 5000)
    {
        var exponential = Math.Min(capMilliseconds, baseMilliseconds * (1 << Math.Min(attempt, 10)));
        return TimeSpan.FromMilliseconds((exponential / 2) + Random.Shared.Next(0, (exponential / 2) + 1));
    }
}
