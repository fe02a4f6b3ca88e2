using Consent.Contracts.Identifiers;

namespace Consent.Domain;

/// <summary>
/// Decides what a command does to a patient's record. Pure: state and command (which carries its
/// instant and any new id) in, events (or a refusal) out; commands that change nothing give no event.
/// </summary>
public static class PatientDecider
{
    /// <param name="patient">Whose record it is: some rules depend on the patient's age.</param>
    public static Decision Decide(Inss patient, PatientCommand command, PatientState state, RelationDurations durations, ConsentAge consentAge)
    {
        var decision = command switch
        {
            GiveConsent give => Give(give, state, ConsentRefusal(give)),
            RevokeConsent revoke => Revoke(revoke, state, ConsentRefusal(revoke)),
            RecordDeath death => Death(death, state),
            AddTherapeuticRelation add => RelationRules.Add(add, state, durations),
            EndTherapeuticRelation end => RelationRules.End(end, state),
            AddExclusion add => AddExclusion(add, state),
            LiftExclusion lift => LiftExclusion(lift, state),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown command."),
        };
        // Giving and revoking are registered by the same people, at the same ages.
        DomainError? ConsentRefusal(PatientCommand consent) =>
            MayRegisterConsent(consent.Acting) ?? consentAge.Refusal(patient, consent.Acting, consent.Now);

        // Death ends every change but its own record; a caller refused for who it is learns only that.
        var refusedForWhoItIs = decision.Error?.Code is ErrorCodes.Forbidden or ErrorCodes.UnknownRelation;
        return state.IsDeceased && command is not RecordDeath && !refusedForWhoItIs ? Decision.Refuse(DomainError.Deceased()) : decision;
    }

    private static Decision Give(GiveConsent command, PatientState state, DomainError? refusal) =>
        refusal is not null ? Decision.Refuse(refusal)
        : state.Consent == ConsentStatus.Given ? Decision.NoChange
        : Decision.Of(new ConsentGiven(command.Type));

    private static Decision Revoke(RevokeConsent command, PatientState state, DomainError? refusal) =>
        refusal is not null ? Decision.Refuse(refusal)
        : state.Consent == ConsentStatus.Given ? Decision.Of(new ConsentRevoked())
        : Decision.NoChange;

    // Consent is registered at the patient's request by the patient, a physician, a pharmacist (in a hospital or not)
    // or a desk. A hospital system is its desk, unless it names one of its staff as the one acting: then that person's
    // profession counts.
    private static DomainError? MayRegisterConsent(Acting acting) => acting switch
    {
        { IsPatientSide: true } or { Role: ActorKinds.His, Provider: null } => null,
        { Role: ActorKinds.Provider or ActorKinds.His, Provider.Profession: Profession.Physician or Profession.Pharmacist or Profession.HospitalPharmacist } => null,
        _ => DomainError.Forbidden("Only the patient, a physician, a pharmacist or a hospital desk may register consent."),
    };

    private static Decision Death(RecordDeath command, PatientState state)
    {
        if (command.Acting.Role != ActorKinds.AuthenticSource)
        {
            return Decision.Refuse(DomainError.Forbidden("Only an authentic source records a death."));
        }
        return state.IsDeceased ? Decision.NoChange : Decision.Of(new PatientDeceased(command.Date));
    }

    private static Decision AddExclusion(AddExclusion command, PatientState state)
    {
        if (ExclusionRules.MayManage(command.Acting) is { } refusal)
        {
            return Decision.Refuse(refusal);
        }
        return state.ExclusionOf(command.Provider.Identity) is null
            ? Decision.Of(new ExclusionAdded(command.Provider, command.Reason))
            : Decision.NoChange;
    }

    private static Decision LiftExclusion(LiftExclusion command, PatientState state)
    {
        if (ExclusionRules.MayManage(command.Acting) is { } refusal)
        {
            return Decision.Refuse(refusal);
        }
        return state.ExclusionOf(command.Provider) is null ? Decision.NoChange : Decision.Of(new ExclusionLifted(command.Provider));
    }
}
