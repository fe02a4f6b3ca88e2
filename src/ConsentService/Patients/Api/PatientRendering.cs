using Consent.Contracts.Identifiers;
using Consent.Service.Providers;

namespace Consent.Service.Patients.Api;

/// <summary>Turns a patient's state into the public views of api.md, with provider names from the directory.</summary>
public sealed class PatientRendering(ProviderDirectory directory, TimeProvider clock)
{
    public async Task<PatientView> ViewAsync(Inss patient, PatientSnapshot snapshot, DateTimeOffset? asOf, CancellationToken cancellationToken)
    {
        var state = snapshot.State;
        var providers = await ProvidersOf(state, cancellationToken);
        var t = asOf ?? clock.GetUtcNow();
        return new PatientView(
            patient.Value,
            Consent(state),
            [.. state.Relations.Select(r => Relation(r, providers, t))],
            [.. state.Exclusions.Select(x => Exclusion(x, providers))],
            snapshot.Version, snapshot.Position, asOf);
    }

    public static ConsentView Consent(PatientState state) => new(
        state.IsDeceased ? ConsentStatus.Deceased : state.Consent, state.ConsentType, state.ConsentChangedAt, state.ConsentChangedBy);

    public Task<IReadOnlyList<RelationView>> RelationsAsync(PatientState state, bool activeOnly, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return RelationsAsync(state, state.Relations.Where(r => !activeOnly || r.IsActiveAt(now)), now, cancellationToken);
    }

    public async Task<IReadOnlyList<RelationView>> RelationsAsync(
        PatientState state, IEnumerable<Relation> relations, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var providers = await ProvidersOf(state, cancellationToken);
        return [.. relations.Select(r => Relation(r, providers, now))];
    }

    /// <param name="known">The provider's record already at hand (the one a command was built with), used when it is this relation's.</param>
    public async Task<RelationView> RelationAsync(Relation relation, CancellationToken cancellationToken, Provider? known = null)
    {
        var provider = known is not null && known.Nihdi.Identity == relation.Provider.Identity
            ? known
            : await directory.FindAsync(relation.Provider.Identity, cancellationToken);
        return Relation(relation, provider is null ? new Dictionary<ProviderId, Provider>() : new() { [provider.Nihdi.Identity] = provider }, clock.GetUtcNow());
    }

    public async Task<IReadOnlyList<ExclusionView>> ExclusionsAsync(PatientState state, CancellationToken cancellationToken)
    {
        var providers = await ProvidersOf(state, cancellationToken);
        return [.. state.Exclusions.Select(x => Exclusion(x, providers))];
    }

    private Task<IReadOnlyDictionary<ProviderId, Provider>> ProvidersOf(PatientState state, CancellationToken cancellationToken) =>
        directory.FindManyAsync(state.Relations.Select(r => r.Provider.Identity).Concat(state.Exclusions.Select(x => x.Provider.Identity)), cancellationToken);

    private static RelationView Relation(Relation r, IReadOnlyDictionary<ProviderId, Provider> providers, DateTimeOffset t) =>
        new(r.Id, Summary(r.Provider, providers), r.Type, r.Start, r.End, r.StatusAt(t), r.Proof, r.RegisteredBy, r.EndedAt, r.EndedBy);

    private static ExclusionView Exclusion(Exclusion x, IReadOnlyDictionary<ProviderId, Provider> providers) =>
        new(Summary(x.Provider, providers), x.Reason, x.Since, x.By);

    private static ProviderSummary Summary(Nihdi nihdi, IReadOnlyDictionary<ProviderId, Provider> providers) =>
        providers.TryGetValue(nihdi.Identity, out var p)
            ? new ProviderSummary(nihdi.Value, p.FirstName, p.LastName, p.Profession)
            : new ProviderSummary(nihdi.Value, null, null, nihdi.Profession);
}
