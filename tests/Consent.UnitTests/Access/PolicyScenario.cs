using Consent.Contracts.Identifiers;

namespace Consent.UnitTests.Access;

/// <summary>Builds a patient's state through the real Evolve, and asks the policy about it.</summary>
internal sealed class PolicyScenario
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    public static readonly Nihdi Gp = Nihdi.Parse("12345625004");
    public static readonly Nihdi GpRequalified = Nihdi.Parse("12345625003");
    public static readonly Nihdi Pharmacist = Nihdi.Parse("60000141401");
    public static readonly Nihdi Hospital = Nihdi.Parse("71000139000");
    public static readonly Nihdi OtherPhysician = Nihdi.Parse("10000106004");

    private static readonly ActorRef Actor = new(ActorKinds.Patient, "85073003328");
    private PatientState state = PatientState.Initial;
    private int relations;

    public PatientState State => state;

    public PolicyScenario With(PatientEvent e)
    {
        state = PatientEvolution.Evolve(state, e, new EventContext(T0, Actor));
        return this;
    }

    public PolicyScenario Consented() => With(new ConsentGiven(ConsentType.Retrospective));

    public PolicyScenario Relation(Nihdi provider, DateTimeOffset start, DateTimeOffset end, RelationType type = RelationType.Consultation) =>
        With(new TherapeuticRelationAdded(Guid.Parse($"0195a0c4-6d1e-7000-8000-{++relations:D12}"), provider, type, start, end, ProofType.EidReading));

    public PolicyScenario ActiveRelation(Nihdi provider) => Relation(provider, T0.AddMonths(-1), T0.AddMonths(14));

    public PolicyScenario Excluded(Nihdi provider) => With(new ExclusionAdded(provider, null));

    public AccessVerdict Ask(Nihdi provider, DocumentType? documentType = null, DateTimeOffset? at = null, string? breakTheGlass = null, params Nihdi[] worksAt) =>
        AccessPolicy.Decide(state, new AccessQuestion(
            new ProviderAccessFacts(provider.Identity, [.. worksAt.Select(w => w.Identity)]), documentType, at ?? T0, breakTheGlass), AccessMatrix.Default);
}
