using System.Diagnostics;
using Consent.Contracts.Identifiers;
using Consent.Service.EventStore;
using Consent.Service.Patients;
using Npgsql;

namespace Consent.Bench;

/// <summary>
/// Seeds the bench population through the service's own append, one append per patient (about 650
/// patients/s here): the reference the bulk seeder (<see cref="BulkSeeder"/>) is checked against.
/// Writes the (patient, provider) pairs wrk asks about.
/// </summary>
internal static class BenchSeeder
{
    public static async Task<int> RunAsync(string connectionString, int patients, string targetsFile)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var population = new BenchPopulation();
        await BenchDatabase.PrepareAsync(dataSource, population);

        var store = new PostgresEventStore(dataSource);
        var started = Stopwatch.StartNew();
        var targets = new string[patients];
        var done = 0;

        await Parallel.ForEachAsync(Enumerable.Range(0, patients), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            // As stored (to the microsecond): the seeded views then equal their replay (rebuild-views).
            var now = Consent.Service.Auditing.StorePrecision.Truncate(DateTimeOffset.UtcNow);
            var (patient, commands, target) = population.Patient(i, now);
            await AppendAsync(store, patient, commands, now, ct);
            targets[i] = target;
            if (Interlocked.Increment(ref done) % 10_000 == 0)
            {
                Console.WriteLine($"  {done} patients seeded ({done / started.Elapsed.TotalSeconds:F0}/s)");
            }
        });

        await File.WriteAllLinesAsync(targetsFile, targets);
        Console.WriteLine($"seeded {patients} patients and {population.Providers.Count} providers in {started.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    private static async Task AppendAsync(PostgresEventStore store, Inss patient, List<PatientCommand> commands, DateTimeOffset now, CancellationToken ct)
    {
        var (events, state) = BenchPopulation.Decide(patient, commands, now);
        var newEvents = events.Select(e => new NewEvent(Guid.CreateVersion7(now), PatientEventTypes.NameOf(e.Event), PatientEventTypes.Serialize(e.Event), e.Metadata)).ToList();
        await store.AppendAsync(PatientStreams.IdOf(patient), 0, now, newEvents, new InlineView(PatientStreams.ViewType, StoreJson.ToElement(state)), cancellationToken: ct);
    }
}
