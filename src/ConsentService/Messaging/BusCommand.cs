using Consent.Contracts.Identifiers;
using Consent.Service.EventStore;
using Consent.Service.Patients;

namespace Consent.Service.Messaging;

/// <summary>A bus message understood: the patient it is about, the domain command, and the events' metadata.</summary>
public sealed record BusCommand(Inss Patient, PatientCommand Command, EventMetadata Metadata);
