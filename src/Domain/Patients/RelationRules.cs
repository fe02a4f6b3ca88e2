using Consent.Contracts.Identifiers;

namespace Consent.Domain;

/// <summary>The rules for adding, renewing and ending therapeutic relations.</summary>
internal static class RelationRules
{
    /// <summary>How far a provider or hospital system may date a relation's start away from now.</summary>
    public static readonly TimeSpan StartTolerance = TimeSpan.FromDays(1);

    public static Decision Add(AddTherapeuticRelation command, PatientState state, RelationDurations durations)
    {
        var now = command.Now;
        if (MayAdd(command) is { } refusal)
        {
            return Decision.Refuse(refusal);
        }

        var start = command.Start ?? now;
        var longest = durations.EndOf(command.Type, start);
        var end = command.End ?? longest;
        if (end <= start)
        {
            return Decision.Refuse(DomainError.InvalidPeriod("The end of a relation must come after its start."));
        }
        if (!InputRules.IsInRange(end))
        {
            // The end given is checked where it is read; one worked out from the start and the type's duration is checked here.
            return Decision.Refuse(DomainError.InvalidPeriod("The end of a relation, its start plus the type's duration unless given, must fall by 2200-01-01."));
        }
        if (command.Acting.Role is ActorKinds.Provider or ActorKinds.His && ProviderSidePeriod(start, end, longest, now) is { } period)
        {
            return Decision.Refuse(period);
        }
        var proof = command.Proof ?? command switch
        {
            { Type: RelationType.PatientDeclared } => ProofType.PatientDeclaration,
            { Acting.Role: ActorKinds.AuthenticSource } => ProofType.AuthenticSource,
            _ => ProofType.EidReading,
        };

        // The same provider and type again while active renews that relation rather than adding one.
        var active = state.Relations.Find(r =>
            r.Provider.Identity == command.Provider.Nihdi.Identity && r.Type == command.Type && r.IsActiveAt(now));
        if (active is not null)
        {
            return end > active.End ? Decision.Of(new TherapeuticRelationRenewed(active.Id, end, proof)) : Decision.NoChange;
        }
        return Decision.Of(new TherapeuticRelationAdded(command.NewRelationId, command.Provider.Nihdi, command.Type, start, end, proof, command.Acting.Institution));
    }

    public static Decision End(EndTherapeuticRelation command, PatientState state)
    {
        var relation = state.RelationById(command.RelationId);
        // A relation the caller may not end answers as if it did not exist: its id is not the caller's to learn.
        if (relation is null || !MayEnd(command.Acting, relation))
        {
            return Decision.Refuse(DomainError.UnknownRelation(command.RelationId));
        }
        return relation.EndedAt is null ? Decision.Of(new TherapeuticRelationEnded(relation.Id, command.Now)) : Decision.NoChange;
    }

    // A provider never grants itself more than the type allows, nor back-dates it (domain.md). The patient side and the
    // authentic source (which records relations that exist elsewhere, such as a global medical record held since spring)
    // are free within the general rules.
    private static DomainError? ProviderSidePeriod(DateTimeOffset start, DateTimeOffset end, DateTimeOffset longest, DateTimeOffset now)
    {
        if (start < now - StartTolerance || start > now + StartTolerance)
        {
            return DomainError.InvalidPeriod("A provider or hospital system starts a relation within one day of now.");
        }
        return end > longest
            ? DomainError.InvalidPeriod("A relation registered by a provider or hospital system lasts at most its type's duration.")
            : null;
    }

    private static DomainError? MayAdd(AddTherapeuticRelation command)
    {
        var acting = command.Acting;
        if (command.Proof == ProofType.AuthenticSource && acting.Role != ActorKinds.AuthenticSource)
        {
            return DomainError.Forbidden("The proof authentic-source is the authentic source's alone.");
        }
        if (acting.Role == ActorKinds.AuthenticSource && command.Proof is not (null or ProofType.AuthenticSource))
        {
            return DomainError.Forbidden("The authentic source registers relations on its own proof, authentic-source.");
        }
        if (acting.IsPatientSide)
        {
            return command.Type == RelationType.PatientDeclared
                ? null
                : DomainError.Forbidden("A patient declares relations of type patient-declared only.");
        }
        if (command.Type == RelationType.PatientDeclared || command.Proof == ProofType.PatientDeclaration)
        {
            return DomainError.Forbidden("patient-declared relations and the proof patient-declaration are the patient's alone.");
        }
        var provider = command.Provider.Nihdi.Identity;
        var holder = acting switch
        {
            { Role: ActorKinds.Provider } => acting.Provider == provider,
            { Role: ActorKinds.His } => acting.Institution is { } hospital
                && (provider == hospital || command.Provider.Institutions.Contains(hospital)),
            // The authentic source (a register such as the global medical records') may name any provider.
            { Role: ActorKinds.AuthenticSource } => true,
            _ => false,
        };
        if (!holder)
        {
            return DomainError.Forbidden("A provider registers relations for itself, a hospital system for its staff or institution.");
        }
        return FitsRegistrant(command)
            ? null
            : DomainError.Forbidden($"A relation of type {KebabEnum.Name(command.Type)} does not fit this registrant.");
    }

    // pharmacy for pharmacists; hospitalisation only by a hospital (its system, or its staff for themselves);
    // the personal types for individual providers, never for an institution.
    private static bool FitsRegistrant(AddTherapeuticRelation command) => command.Type switch
    {
        RelationType.Pharmacy => command.Provider.Nihdi.Profession == Profession.Pharmacist,
        RelationType.Hospitalisation => command.Acting.Role is ActorKinds.His or ActorKinds.AuthenticSource || command.Provider.Institutions.Count > 0,
        RelationType.Gmd or RelationType.Consultation or RelationType.Emergency or RelationType.Referral =>
            command.Provider.Nihdi.Profession is not (Profession.Hospital or Profession.ClinicalLaboratory),
        _ => false,
    };

    private static bool MayEnd(Acting acting, Relation relation) => acting switch
    {
        { IsPatientSide: true } => true,
        { Role: ActorKinds.Provider } => acting.Provider == relation.Provider.Identity,
        { Role: ActorKinds.His } => acting.Institution is { } hospital
            && (relation.Provider.Identity == hospital || relation.Institution == hospital),
        // The relations the authentic source holds are those it registered, on its own proof.
        { Role: ActorKinds.AuthenticSource } => relation.Proof == ProofType.AuthenticSource,
        _ => false,
    };
}
