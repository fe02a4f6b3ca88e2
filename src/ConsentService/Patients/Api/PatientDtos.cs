using Consent.Contracts.Identifiers;
using Consent.Service.EventStore;

namespace Consent.Service.Patients.Api;

public sealed record ProviderSummary(string Nihdi, string? FirstName, string? LastName, Profession Profession);

public sealed record ConsentView(ConsentStatus Status, ConsentType? Type, DateTimeOffset? ChangedAt, ActorRef? ChangedBy);

public sealed record RelationView(
    Guid Id, ProviderSummary Provider, RelationType Type, DateTimeOffset Start, DateTimeOffset End, RelationStatus Status,
    ProofType Proof, ActorRef RegisteredBy, DateTimeOffset? EndedAt, ActorRef? EndedBy);

public sealed record ExclusionView(ProviderSummary Provider, string? Reason, DateTimeOffset Since, ActorRef By);

public sealed record PatientView(
    string Inss, ConsentView Consent, IReadOnlyList<RelationView> Relations, IReadOnlyList<ExclusionView> Exclusions,
    long Version, long Position, DateTimeOffset? AsOf);

public sealed record HistoryEntry(
    long Version, long Position, string Type, DateTimeOffset RecordedAt, ActorRef Actor, string Channel, string CorrelationId,
    System.Text.Json.JsonElement Data);

public sealed record HistoryView(string Inss, IReadOnlyList<HistoryEntry> Events);

public sealed record GiveConsentRequest(string? Type = null);

public sealed record AddRelationRequest(string Provider, string? Type = null, DateTimeOffset? Start = null, DateTimeOffset? End = null, string? Proof = null);

public sealed record AddExclusionRequest(string Provider, string? Reason = null);
