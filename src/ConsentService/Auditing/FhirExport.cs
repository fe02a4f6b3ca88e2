using System.Text.Json;
using Consent.Contracts.Identifiers;
using Consent.Service.EventStore;
using Consent.Service.Patients;
using Hl7.Fhir.Serialization;
using FhirModel = Hl7.Fhir.Model;

namespace Consent.Service.Auditing;

/// <summary>
/// A patient's care relations as a FHIR R4 Bundle holding one Consent (domain.md, "International
/// mapping"): the informed consent (scope patient-privacy, permit, its period and status); inside it
/// first a deny provision per exclusion (they win over everything, so they are evaluated first), then
/// a permit provision per relation with its practitioner or organization and period, and the
/// break-the-glass permit, purpose ETREAT, for any provider not excluded.
/// </summary>
public sealed class FhirExport(PostgresEventStore store)
{
    public const string SsinSystem = "https://www.ehealth.fgov.be/standards/fhir/core/NamingSystem/ssin";
    public const string ProfessionalSystem = "https://www.ehealth.fgov.be/standards/fhir/core/NamingSystem/nihdi-professional";
    public const string OrganizationSystem = "https://www.ehealth.fgov.be/standards/fhir/core/NamingSystem/nihdi-organization";
    public const string RelationTypeSystem = "https://consent.example/fhir/CodeSystem/relation-type";

    private static readonly JsonSerializerOptions Json = new JsonSerializerOptions().ForFhir();

    public async Task<string> BundleAsync(Inss patient, PatientState state, CancellationToken cancellationToken)
    {
        var events = await store.ReadStreamAsync(PatientStreams.IdOf(patient), cancellationToken: cancellationToken);
        var lastGiven = events.LastOrDefault(e => e.Type == "consent-given")?.RecordedAt;
        return JsonSerializer.Serialize(Bundle(patient, state, lastGiven), Json);
    }

    public static FhirModel.Bundle Bundle(Inss patient, PatientState state, DateTimeOffset? consentGivenAt)
    {
        var consent = new FhirModel.Consent
        {
            Id = "informed-consent",
            Status = state.IsDeceased || state.Consent == ConsentStatus.Revoked ? FhirModel.Consent.ConsentState.Inactive
                : state.Consent == ConsentStatus.Given ? FhirModel.Consent.ConsentState.Active
                : FhirModel.Consent.ConsentState.Proposed,
            Scope = Concept("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy"),
            Category = [Concept("http://loinc.org", "59284-0")],
            Patient = new FhirModel.ResourceReference { Identifier = new FhirModel.Identifier(SsinSystem, patient.Value) },
            DateTimeElement = state.ConsentChangedAt is { } changed ? new FhirModel.FhirDateTime(changed) : null,
            PolicyRule = Concept("http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN"),
            Provision = new FhirModel.Consent.provisionComponent
            {
                Type = FhirModel.Consent.ConsentProvisionType.Permit,
                Period = Period(consentGivenAt, state.Consent == ConsentStatus.Given && !state.IsDeceased ? null : state.ConsentChangedAt),
                Provision =
                [
                    .. state.Exclusions.Select(x => new FhirModel.Consent.provisionComponent
                    {
                        Type = FhirModel.Consent.ConsentProvisionType.Deny,
                        Actor = [Actor(x.Provider)],
                        Period = Period(x.Since, null),
                    }),
                    .. state.Relations.Select(r => new FhirModel.Consent.provisionComponent
                    {
                        Type = FhirModel.Consent.ConsentProvisionType.Permit,
                        Actor = [Actor(r.Provider)],
                        Period = Period(r.Start, r.EndedAt is { } ended && ended < r.End ? ended : r.End),
                        Code = [Concept(RelationTypeSystem, StoreJson.ToElement(r.Type).GetString()!)],
                    }),
                    new FhirModel.Consent.provisionComponent
                    {
                        Type = FhirModel.Consent.ConsentProvisionType.Permit,
                        Purpose = [new FhirModel.Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason", "ETREAT", "emergency treatment (break-the-glass, reviewed)")],
                    },
                ],
            },
        };
        return new FhirModel.Bundle
        {
            Type = FhirModel.Bundle.BundleType.Collection,
            Timestamp = DateTimeOffset.UtcNow,
            Entry = [new FhirModel.Bundle.EntryComponent { FullUrl = "urn:consent:informed-consent", Resource = consent }],
        };
    }

    private static FhirModel.Consent.provisionActorComponent Actor(Nihdi provider) => new()
    {
        Role = Concept("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP"),
        Reference = provider.Profession == Profession.Hospital
            ? new FhirModel.ResourceReference { Type = "Organization", Identifier = new FhirModel.Identifier(OrganizationSystem, provider.Value) }
            : new FhirModel.ResourceReference { Type = "Practitioner", Identifier = new FhirModel.Identifier(ProfessionalSystem, provider.Value) },
    };

    private static FhirModel.Period? Period(DateTimeOffset? start, DateTimeOffset? end) =>
        start is null && end is null ? null : new FhirModel.Period
        {
            StartElement = start is { } s ? new FhirModel.FhirDateTime(s) : null,
            EndElement = end is { } e ? new FhirModel.FhirDateTime(e) : null,
        };

    private static FhirModel.CodeableConcept Concept(string system, string code) => new(system, code);
}
