namespace Consent.Domain;

/// <summary>The kinds of shared health document the access matrix speaks about.</summary>
public enum DocumentType { Sumehr, MedicationScheme, Vaccination, LabResult, DischargeLetter, ImagingReport }
