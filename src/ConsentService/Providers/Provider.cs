using Consent.Contracts.Identifiers;

namespace Consent.Service.Providers;

/// <summary>A provider as the directory lists them.</summary>
public sealed record Provider(
    Nihdi Nihdi, string FirstName, string LastName, Profession Profession, string Qualification, string? City,
    IReadOnlyList<ProviderId> Institutions);
