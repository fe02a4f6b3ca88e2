using Consent.Contracts.Identifiers;

namespace Consent.Service.Patients.Api;

public sealed record ProviderSummary(string Nihdi, string? FirstName, string? LastName, Profession Profession);

public sealed record ConsentView(ConsentStatus Status, ConsentType? Type, DateTimeOffset? ChangedAt, ActorRef? ChangedBy);

/// <summary>What a provider or hospital system learns from its consent write: no actor, no other person's number.</summary>
public sealed record ConsentWriteAnswer(ConsentStatus Status, ConsentType? Type, DateTimeOffset? ChangedAt);

public sealed record RelationView(
    Guid Id, ProviderSummary Provider, RelationType Type, DateTimeOffset Start, DateTimeOffset End, RelationStatus Status,
    ProofType Proof, ActorRef RegisteredBy, DateTimeOffset? EndedAt, ActorRef? EndedBy);

public sealed record ExclusionView(ProviderSummary Provider, string? Reason, DateTimeOffset Since, ActorRef By);

public sealed record PatientView(
    string Inss, ConsentView Consent, IReadOnlyList<RelationView> Relations, IReadOnlyList<ExclusionView> Exclusions,
    long Version, long Position, DateTimeOffset? AsOf);

/// <param name="Sender">For a bus command: the broker user that sent it and the institution it speaks for.</param>
public sealed record HistoryEntry(
    long Version, long Position, string Type, DateTimeOffset RecordedAt, ActorRef Actor, string Channel, string CorrelationId,
    System.Text.Json.JsonElement Data, HistorySender? Sender);

public sealed record HistorySender(string User, string? Institution);

public sealed record HistoryView(string Inss, IReadOnlyList<HistoryEntry> Events);

public sealed record GiveConsentRequest(string? Type = null);

public sealed record AddRelationRequest(string Provider, string? Type = null, DateTimeOffset? Start = null, DateTimeOffset? End = null, string? Proof = null);

public sealed record AddExclusionRequest(string Provider, string? Reason = null);
