using System.Globalization;
using Consent.Contracts.Identifiers;
using Consent.Service.EventStore;
using Consent.Service.Patients;
using Consent.Service.Providers;

namespace Consent.Bench;

/// <summary>
/// The bench population, the same whichever seeder writes it: a directory of a few thousand providers,
/// and patients whose streams hold consent (most of them), a GP record holder, a pharmacy, sometimes a
/// hospital stay and now and then an exclusion. Patient i is always the same INSS with the same
/// history (seeded by i), so the append seeder and the bulk seeder can be compared patient by patient.
/// </summary>
internal sealed class BenchPopulation
{
    public const int ProviderCount = 3000;

    private readonly Provider[] gps;
    private readonly Provider[] pharmacists;
    private readonly Provider[] hospitals;
    private readonly Provider[] hospitalAndStaff;

    public BenchPopulation()
    {
        Providers = DemoProviders.All(ProviderCount);
        gps = [.. Providers.Where(p => p.Profession == Profession.Physician)];
        pharmacists = [.. Providers.Where(p => p.Profession == Profession.Pharmacist)];
        hospitals = [.. Providers.Where(p => p.Profession == Profession.Hospital)];
        // The hospital system of the bench (bench/run.sh's token) asks only for itself and its staff.
        var asking = Nihdi.Parse(AskingHospital).Identity;
        hospitalAndStaff = [.. Providers.Where(p => p.Nihdi.Identity == asking || p.Institutions.Contains(asking))];
    }

    /// <summary>AZ Delta: the hospital whose system asks the logged decisions.</summary>
    public const string AskingHospital = "71000139000";

    public IReadOnlyList<Provider> Providers { get; }

    /// <summary>
    /// Patient i's commands and the line wrk asks about them: "patient,provider,staff", the provider
    /// three in four times their own GP (asked by an auditor), the staff member one of the asking
    /// hospital's staff or the hospital itself (asked by its hospital system, which may ask no other).
    /// </summary>
    public (Inss Patient, List<PatientCommand> Commands, string Target) Patient(int i, DateTimeOffset now)
    {
        var patient = PatientNumber(i);
        var random = new Random(i);
        var gp = gps[random.Next(gps.Length)];
        var commands = History(random, now, gp, pharmacists[random.Next(pharmacists.Length)], hospitals[random.Next(hospitals.Length)]);
        var asked = random.Next(4) == 0 ? gps[random.Next(gps.Length)] : gp;
        var staff = hospitalAndStaff[random.Next(hospitalAndStaff.Length)];
        return (patient, commands, $"{patient.Value},{asked.Nihdi.Value},{staff.Nihdi.Value}");
    }

    private static readonly RelationDurations Durations = new();
    private static readonly ConsentAge ConsentAges = new();

    /// <summary>Runs the commands through the real decider and evolution, as the service's command handler does.</summary>
    public static (List<(PatientEvent Event, EventMetadata Metadata)> Events, PatientState State) Decide(Inss patient, List<PatientCommand> commands, DateTimeOffset recordedAt)
    {
        var state = PatientState.Initial;
        var events = new List<(PatientEvent, EventMetadata)>();
        foreach (var command in commands)
        {
            // The event records who acted, as the view does: rebuild-views found them differing when it did not.
            var metadata = new EventMetadata(command.Acting.Actor, Channels.ProviderSoftware, "bench-seed");
            foreach (var e in PatientDecider.Decide(patient, command, state, Durations, ConsentAges).Events)
            {
                state = PatientEvolution.Evolve(state, e, new EventContext(recordedAt, command.Acting.Actor));
                events.Add((e, metadata));
            }
        }
        return (events, state);
    }

    private static List<PatientCommand> History(Random random, DateTimeOffset now, Provider gp, Provider pharmacist, Provider hospital)
    {
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

    /// <summary>The i-th valid INSS of births 1930-1999 (23 million of them: enough for any bench size).</summary>
    public static Inss PatientNumber(int i)
    {
        var serial = (i % 997) + 1;
        var day = ((i / 997) % 28) + 1;
        var month = ((i / (997 * 28)) % 12) + 1;
        var year = 30 + ((i / (997 * 28 * 12)) % 70);
        var body = long.Parse($"{year:D2}{month:D2}{day:D2}{serial:D3}", CultureInfo.InvariantCulture);
        return Inss.Parse($"{body:D9}{Inss.CheckDigits(body):D2}");
    }
}
