using Consent.Contracts.Identifiers;
using Consent.Service.EventStore;
using Consent.Service.Patients;
using Consent.Service.Providers;
using Npgsql;

namespace Consent.Service.Hosting;

/// <summary>
/// The local profile's demo data (Demo:Seed): the demo providers, and a few patients with consent,
/// relations and an exclusion, registered through the ordinary command path so their history is real.
/// </summary>
public sealed class DemoSeed(NpgsqlDataSource dataSource, PatientCommandHandler handler, PatientViews views, TimeProvider clock, ILogger<DemoSeed> logger) : IAfterSchema
{
    public static readonly string[] Patients = ["85073003328", DemoChild, "90021412501", "62110304283", "48010900759"];

    /// <summary>A child of 2017 and the parent the portal's demo sign-in lets act for them.</summary>
    private const string DemoChild = "17073003384", DemoParent = "70021501252";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var providers = DemoProviders.All();
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await ProviderWriter.UpsertAsync(connection, transaction, providers, cancellationToken);
            await ProviderWriter.CommitAsync(connection, transaction, providers, cancellationToken);
        }

        var gp = providers.First(p => p.Nihdi.Value == DemoProviders.DemoGp);
        var pharmacist = providers.First(p => p.Profession == Profession.Pharmacist);
        var nurse = providers.First(p => p.Profession == Profession.NurseOrMidwife);
        var hospital = providers.First(p => p.Profession == Profession.Hospital);
        foreach (var (value, index) in Patients.Select((p, i) => (p, i)))
        {
            var patient = Inss.Parse(value);
            if ((await views.LoadAsync(patient, cancellationToken)).Version > 0)
            {
                continue;
            }
            // The demo child is nine: a parent registers their consent (ConsentAge), so the parent acts for them here.
            var patientSide = value == DemoChild
                ? new Acting(new ActorRef(ActorKinds.Representative, DemoParent, patient.Value), ActorKinds.Representative)
                : new Acting(new ActorRef(ActorKinds.Patient, patient.Value), ActorKinds.Patient);
            var gpActing = new Acting(new ActorRef(ActorKinds.Provider, gp.Nihdi.Value), ActorKinds.Provider, gp.Nihdi.Identity);
            var metadata = new EventMetadata(patientSide.Actor, Channels.Portal, $"demo-seed-{value}");
            var gpMetadata = new EventMetadata(gpActing.Actor, Channels.ProviderSoftware, $"demo-seed-{value}");
            var now = clock.GetUtcNow();
            if (index != 3)
            {
                await handler.HandleAsync(patient, new GiveConsent(patientSide, now, ConsentType.Retrospective), metadata, cancellationToken: cancellationToken);
            }
            await handler.HandleAsync(patient, new AddTherapeuticRelation(gpActing, now, Facts(gp), RelationType.Gmd, null, null, ProofType.EidReading, Guid.CreateVersion7(now)), gpMetadata, cancellationToken: cancellationToken);
            await handler.HandleAsync(patient, new AddTherapeuticRelation(patientSide, now, Facts(pharmacist), RelationType.PatientDeclared, null, null, null, Guid.CreateVersion7(now)), metadata, cancellationToken: cancellationToken);
            if (index == 0)
            {
                await handler.HandleAsync(patient, new AddExclusion(patientSide, now, nurse.Nihdi, "Demo: a neighbour I do not want to see my file."), metadata, cancellationToken: cancellationToken);
                var hisActing = new Acting(new ActorRef(ActorKinds.His, hospital.Nihdi.Identity.Value), ActorKinds.His, null, hospital.Nihdi.Identity);
                await handler.HandleAsync(patient, new AddTherapeuticRelation(hisActing, now, Facts(hospital), RelationType.Hospitalisation, null, null, ProofType.EidReading, Guid.CreateVersion7(now)),
                    new EventMetadata(hisActing.Actor, Channels.HospitalSystem, $"demo-seed-{value}"), cancellationToken: cancellationToken);
            }
        }
        logger.LogInformation("Demo data seeded: {Providers} providers, {Patients} patients", providers.Count, Patients.Length);
    }

    private static ProviderFacts Facts(Provider provider) => new(provider.Nihdi, provider.Institutions);
}
