using Consent.Contracts.Identifiers;

namespace Consent.Service.Providers;

/// <summary>Institutions as the database keeps them (text[] of 8-digit identities), read back as identities.</summary>
public static class StoredInstitutions
{
    /// <summary>A value that is not an identity is passed over: a decision never rests on it.</summary>
    public static List<ProviderId> Parse(IEnumerable<string> stored) =>
        [.. stored.Select(v => ProviderId.TryParse(v, out var id) ? id : null).OfType<ProviderId>()];
}
