using Consent.Contracts.Identifiers;

namespace Consent.Service.Patients;

/// <summary>The rules for adding, renewing and ending therapeutic relations.</summary>
internal static class RelationRules
{
    public static Decision Add(AddTherapeuticRelation command, PatientState state, DateTimeOffset now, RelationDurations durations)
    {
        if (MayAdd(command) is { } refusal)
        {
            return Decision.Refuse(refusal);
        }
        if (state.IsDeceased)
        {
            return Decision.Refuse(DomainError.Deceased());
        }

        var start = command.Start ?? now;
        var end = command.End ?? durations.EndOf(command.Type, start);
        if (end <= start)
        {
            return Decision.Refuse(DomainError.InvalidPeriod("The end of a relation must come after its start."));
        }
        var proof = command.Proof ?? (command.Type == RelationType.PatientDeclared ? ProofType.PatientDeclaration : ProofType.EidReading);

        // The same provider and type again while active renews that relation rather than adding one.
        var active = state.Relations.Find(r =>
            r.Provider.Identity == command.Provider.Nihdi.Identity && r.Type == command.Type && r.IsActiveAt(now));
        if (active is not null)
        {
            return end > active.End ? Decision.Of(new TherapeuticRelationRenewed(active.Id, end, proof)) : Decision.NoChange;
        }
        return Decision.Of(new TherapeuticRelationAdded(Guid.CreateVersion7(now), command.Provider.Nihdi, command.Type, start, end, proof, command.Acting.Institution));
    }

    public static Decision End(EndTherapeuticRelation command, PatientState state, DateTimeOffset now)
    {
        var relation = state.RelationById(command.RelationId);
        if (relation is null)
        {
            return Decision.Refuse(DomainError.UnknownRelation(command.RelationId));
        }
        if (!MayEnd(command.Acting, relation))
        {
            return Decision.Refuse(DomainError.Forbidden("A provider or hospital system ends only the relations it holds."));
        }
        return relation.EndedAt is null ? Decision.Of(new TherapeuticRelationEnded(relation.Id, now)) : Decision.NoChange;
    }

    private static DomainError? MayAdd(AddTherapeuticRelation command)
    {
        var acting = command.Acting;
        var provider = command.Provider.Nihdi.Identity;
        return acting switch
        {
            { IsPatientSide: true } when command.Type != RelationType.PatientDeclared =>
                DomainError.Forbidden("A patient declares relations of type patient-declared only."),
            { IsPatientSide: true } => null,
            { Role: ActorKinds.Provider } when acting.Provider == provider => null,
            { Role: ActorKinds.His } when acting.Institution is { } hospital
                && (provider == hospital || command.Provider.Institutions.Contains(hospital)) => null,
            _ => DomainError.Forbidden("A provider registers relations for itself, a hospital system for its staff or institution."),
        };
    }

    private static bool MayEnd(Acting acting, Relation relation) => acting switch
    {
        { IsPatientSide: true } => true,
        { Role: ActorKinds.Provider } => acting.Provider == relation.Provider.Identity,
        { Role: ActorKinds.His } => acting.Institution is { } hospital
            && (relation.Provider.Identity == hospital || relation.Institution == hospital),
        _ => false,
    };
}
