using System.Text.Json;

namespace Consent.Portal.Api;

// The pages' read models. What travels over the wire is the contract's own types, generated from
// src/Contracts/openapi.json (Consent.Portal.Api.Generated); ConsentApiClient turns them into these records, with the
// contract's enum values as their kebab-case wire names, which the pages translate.

public sealed record ActorDto(string Kind, string Id, string? OnBehalfOf = null);

public sealed record ConsentDto(string Status, string? Type, DateTimeOffset? ChangedAt, ActorDto? ChangedBy);

public sealed record ProviderRefDto(string Nihdi, string? FirstName, string? LastName, string? Profession);

public sealed record RelationDto(
    Guid Id, ProviderRefDto Provider, string Type, DateTimeOffset Start, DateTimeOffset End, string Status, string? Proof,
    ActorDto? RegisteredBy, DateTimeOffset? EndedAt, ActorDto? EndedBy);

public sealed record ExclusionDto(ProviderRefDto Provider, string? Reason, DateTimeOffset Since, ActorDto? By);

public sealed record PatientDto(
    string Inss, ConsentDto Consent, IReadOnlyList<RelationDto> Relations, IReadOnlyList<ExclusionDto> Exclusions, long Version, long Position);

public sealed record HistoryEventDto(
    long Version, long Position, string Type, DateTimeOffset RecordedAt, ActorDto Actor, string Channel, string? CorrelationId, JsonElement Data);

public sealed record HistoryDto(string Inss, IReadOnlyList<HistoryEventDto> Events);

public sealed record AccessLogEntryDto(
    long Id, DateTimeOffset At, string Provider, string? DocumentType, string Decision, IReadOnlyList<string> Reasons, string? BreakTheGlass,
    bool ReviewRequired);

/// <summary>One page of the access log and the cursor of the next (older) page, from the Link rel=next header.</summary>
public sealed record AccessLogPage(IReadOnlyList<AccessLogEntryDto> Entries, long? NextBefore);

public sealed record VisibleToDto(ProviderRefDto Provider, string Through, DateTimeOffset Until, bool IncludesStaff);

public sealed record VisibilityDto(string Inss, string Consent, IReadOnlyList<VisibleToDto> Providers, long Version);

public sealed record ProviderDto(string Nihdi, string? FirstName, string? LastName, string? Profession, string? Qualification, string? City);

/// <summary>A read with the ETag it came with; the portal sends the ETag back as If-Match on the next write.</summary>
public sealed record Versioned<T>(T Value, string? ETag);

/// <summary>The local profile's POST /dev/token, which the public contract leaves out.</summary>
public sealed record DevTokenRequest(string Role, string? Inss, string[]? Represents, string? Name);

public sealed record DevTokenDto(string AccessToken, int ExpiresIn);
