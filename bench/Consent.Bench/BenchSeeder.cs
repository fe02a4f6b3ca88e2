using System.Diagnostics;
using Consent.Contracts.Identifiers;
using Consent.Service.EventStore;
using Consent.Service.Patients;
using Consent.Service.Providers;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Consent.Bench;

/// <summary>
/// Seeds a realistic population: a directory of a few thousand providers, and patients whose streams
/// hold consent (most of them), a GP record holder, a pharmacy, sometimes a hospital stay or a
/// consultation, and now and then an exclusion. Events go through the real decider and one append
/// per patient. Writes the (patient, provider) pairs wrk asks about: related and unrelated ones.
/// </summary>
internal static class BenchSeeder
{
    public static async Task<int> RunAsync(string connectionString, int patients, string targetsFile)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync();

        var providers = DemoProviders.All(3000);
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await ProviderWriter.UpsertAsync(connection, transaction, providers);
            await transaction.CommitAsync();
        }

        var gps = providers.Where(p => p.Profession == Profession.Physician).ToArray();
        var pharmacists = providers.Where(p => p.Profession == Profession.Pharmacist).ToArray();
        var hospitals = providers.Where(p => p.Profession == Profession.Hospital).ToArray();
        var store = new PostgresEventStore(dataSource);
        var started = Stopwatch.StartNew();
        var targets = new string[patients];
        var done = 0;

        await Parallel.ForEachAsync(Enumerable.Range(0, patients), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var patient = PatientNumber(i);
            var random = new Random(i);
            var gp = gps[random.Next(gps.Length)];
            var events = PatientHistory(random, gp, pharmacists[random.Next(pharmacists.Length)], hospitals[random.Next(hospitals.Length)]);
            await AppendAsync(store, patient, events, ct);
            // Three in four questions are about the patient's own GP, the rest about a stranger.
            var asked = random.Next(4) == 0 ? gps[random.Next(gps.Length)] : gp;
            targets[i] = $"{patient.Value},{asked.Nihdi.Value}";
            if (Interlocked.Increment(ref done) % 10_000 == 0)
            {
                Console.WriteLine($"  {done} patients seeded ({done / started.Elapsed.TotalSeconds:F0}/s)");
            }
        });

        await File.WriteAllLinesAsync(targetsFile, targets);
        Console.WriteLine($"seeded {patients} patients and {providers.Count} providers in {started.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    private static List<PatientCommand> PatientHistory(Random random, Provider gp, Provider pharmacist, Provider hospital)
    {
        var now = DateTimeOffset.UtcNow;
        var gpActing = new Acting(new ActorRef(ActorKinds.Provider, gp.Nihdi.Value), ActorKinds.Provider, gp.Nihdi.Identity);
        var self = new Acting(new ActorRef(ActorKinds.Patient, "bench"), ActorKinds.Patient);
        var commands = new List<PatientCommand>();
        if (random.Next(10) != 0)
        {
            commands.Add(new GiveConsent(gpActing, now, ConsentType.Retrospective));
        }
        commands.Add(new AddTherapeuticRelation(gpActing, now, new ProviderFacts(gp.Nihdi, gp.Institutions), RelationType.Gmd, null, null, ProofType.EidReading, Guid.CreateVersion7(now)));
        var pharmacistActing = new Acting(new ActorRef(ActorKinds.Provider, pharmacist.Nihdi.Value), ActorKinds.Provider, pharmacist.Nihdi.Identity);
        commands.Add(new AddTherapeuticRelation(pharmacistActing, now, new ProviderFacts(pharmacist.Nihdi, []), RelationType.Pharmacy, null, null, ProofType.EidReading, Guid.CreateVersion7(now)));
        if (random.Next(5) == 0)
        {
            var his = new Acting(new ActorRef(ActorKinds.His, hospital.Nihdi.Identity.Value), ActorKinds.His, null, hospital.Nihdi.Identity);
            // Registered by the hospital now; the seed fans the starts out so some stays are older (as a migration would).
            commands.Add(new AddTherapeuticRelation(his, now, new ProviderFacts(hospital.Nihdi, []), RelationType.Hospitalisation, now, null, ProofType.EidReading, Guid.CreateVersion7(now)));
        }
        if (random.Next(20) == 0)
        {
            commands.Add(new AddExclusion(self, now, pharmacist.Nihdi, "bench"));
        }
        return commands;
    }

    private static async Task AppendAsync(PostgresEventStore store, Inss patient, List<PatientCommand> commands, CancellationToken ct)
    {
        // As stored (to the microsecond): the seeded views then equal their replay (rebuild-views).
        var now = Consent.Service.Auditing.StorePrecision.Truncate(DateTimeOffset.UtcNow);
        var state = PatientState.Initial;
        var newEvents = new List<NewEvent>();
        foreach (var command in commands)
        {
            // The event records who acted, as the view does: rebuild-views found them differing when it did not.
            var metadata = new EventMetadata(command.Acting.Actor, Channels.ProviderSoftware, "bench-seed");
            foreach (var e in PatientDecider.Decide(command, state, new RelationDurations()).Events)
            {
                state = PatientEvolution.Evolve(state, e, new EventContext(now, command.Acting.Actor));
                newEvents.Add(new NewEvent(Guid.CreateVersion7(now), PatientEventTypes.NameOf(e), PatientEventTypes.Serialize(e), metadata));
            }
        }
        await store.AppendAsync(PatientStreams.IdOf(patient), 0, now, newEvents, new InlineView(PatientStreams.ViewType, StoreJson.ToElement(state)), cancellationToken: ct);
    }

    /// <summary>The i-th valid INSS of the bench population (births 1930-1999).</summary>
    private static Inss PatientNumber(int i)
    {
        var serial = (i % 997) + 1;
        var day = ((i / 997) % 28) + 1;
        var month = ((i / (997 * 28)) % 12) + 1;
        var year = 30 + ((i / (997 * 28 * 12)) % 70);
        var body = long.Parse($"{year:D2}{month:D2}{day:D2}{serial:D3}", System.Globalization.CultureInfo.InvariantCulture);
        return Inss.Parse($"{body:D9}{Inss.CheckDigits(body):D2}");
    }
}
