using Consent.Contracts.Identifiers;
using Consent.Service.Providers;

namespace Consent.Service.Patients;

/// <summary>A relation to add and the directory's record of its provider, as found when the command was built.</summary>
public sealed record RelationToAdd(AddTherapeuticRelation Command, Provider Provider);

/// <summary>What REST bodies and bus bodies say about a new relation, still as text.</summary>
public sealed record RelationInput(string Provider, string? Type, string? Proof, DateTimeOffset? Start, DateTimeOffset? End);

/// <summary>
/// The one translation of raw input into domain commands, shared by REST and the bus: identifiers
/// parsed, vocabulary checked, dates in range, the provider looked up in the directory, and the
/// command stamped with its instant and any new id. Each refusal names the field and carries its code.
/// </summary>
public sealed class PatientCommandFactory(ProviderDirectory directory, TimeProvider clock)
{
    public static Inss Patient(string? text) =>
        Inss.TryParse(text, out var inss) ? inss.Value : throw RefusedException.InvalidInss();

    public GiveConsent GiveConsent(Acting acting, string? type)
    {
        var consentType = ConsentType.Retrospective;
        if (type is not null && !KebabEnum.TryParse(type, out consentType))
        {
            throw RefusedException.InvalidRequest("type must be retrospective or prospective.");
        }
        return new GiveConsent(acting, clock.GetUtcNow(), consentType);
    }

    public RevokeConsent RevokeConsent(Acting acting) => new(acting, clock.GetUtcNow());

    public RecordDeath RecordDeath(Acting acting, DateOnly date) => new(acting, clock.GetUtcNow(), InputRules.Date("date", date));

    public async Task<AddTherapeuticRelation> AddRelationAsync(Acting acting, RelationInput input, CancellationToken cancellationToken) =>
        (await RelationToAddAsync(acting, input, cancellationToken)).Command;

    /// <summary>The command with the directory's record of its provider, which the REST answer names without looking it up again.</summary>
    public async Task<RelationToAdd> RelationToAddAsync(Acting acting, RelationInput input, CancellationToken cancellationToken)
    {
        if (!Nihdi.TryParse(input.Provider, out var nihdi))
        {
            throw RefusedException.InvalidNihdi();
        }
        RelationType type;
        if (input.Type is null)
        {
            type = acting.IsPatientSide
                ? RelationType.PatientDeclared
                : throw new RefusedException(DomainError.InvalidRelationType("type is required for providers and hospital systems."));
        }
        else if (!KebabEnum.TryParse(input.Type, out type))
        {
            throw new RefusedException(DomainError.InvalidRelationType($"type '{input.Type}' is not a relation type."));
        }
        ProofType? proof = null;
        if (input.Proof is not null)
        {
            proof = KebabEnum.TryParse<ProofType>(input.Proof, out var p) ? p : throw RefusedException.InvalidRequest($"proof '{input.Proof}' is not a proof type.");
        }
        // Kept in UTC, as answers give times: a duration in months is then counted on one calendar, whatever offset the
        // caller wrote the same instant in (2026-01-31T00:30+01:00 and 2026-01-30T23:30Z end on the same instant).
        var start = InputRules.Date("start", input.Start, ErrorCodes.InvalidPeriod)?.ToUniversalTime();
        var end = InputRules.Date("end", input.End, ErrorCodes.InvalidPeriod)?.ToUniversalTime();
        var provider = await directory.FindAsync(nihdi.Value.Identity, cancellationToken)
            ?? throw RefusedException.UnknownProvider(nihdi.Value.Value);
        var now = clock.GetUtcNow();
        return new RelationToAdd(
            new AddTherapeuticRelation(acting, now, new ProviderFacts(nihdi.Value, provider.Institutions), type, start, end, proof, Guid.CreateVersion7(now)),
            provider);
    }

    public EndTherapeuticRelation EndRelation(Acting acting, string? relationId) =>
        Guid.TryParse(relationId, out var id)
            ? new EndTherapeuticRelation(acting, clock.GetUtcNow(), id)
            : throw RefusedException.UnknownRelation("with this id");

    /// <summary>Refuses at once, before any input is read, whoever the domain's exclusion rule refuses.</summary>
    public static Acting ManagingExclusions(Acting acting) =>
        ExclusionRules.MayManage(acting) is { } refusal ? throw new RefusedException(refusal) : acting;

    public async Task<AddExclusion> AddExclusionAsync(Acting acting, string provider, string? reason, CancellationToken cancellationToken)
    {
        if (!Nihdi.TryParse(provider, out var nihdi))
        {
            throw RefusedException.InvalidNihdi();
        }
        InputRules.Text("reason", reason, InputRules.MaxReasonLength);
        _ = await directory.FindAsync(nihdi.Value.Identity, cancellationToken) ?? throw RefusedException.UnknownProvider(nihdi.Value.Value);
        return new AddExclusion(acting, clock.GetUtcNow(), nihdi.Value, reason);
    }

    public LiftExclusion LiftExclusion(Acting acting, string provider) =>
        ProviderId.TryParse(provider, out var id)
            ? new LiftExclusion(acting, clock.GetUtcNow(), id.Value)
            : throw RefusedException.InvalidNihdi();
}
