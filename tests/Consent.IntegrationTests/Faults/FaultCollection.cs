namespace Consent.IntegrationTests.Faults;

/// <summary>
/// Faults kill processes, crash the suite's PostgreSQL and restart its broker: they run alone, after
/// the parallel collections, one at a time (xunit runs collections that disable parallelisation last).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultCollection
{
    public const string Name = "faults";
}
