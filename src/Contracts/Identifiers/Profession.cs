namespace Consent.Contracts.Identifiers;

/// <summary>The profession a NIHDI number's first digit stands for.</summary>
public enum Profession
{
    Physician = 1,
    HospitalPharmacist = 2,
    Dentist = 3,
    NurseOrMidwife = 4,
    Physiotherapist = 5,
    Pharmacist = 6,
    Hospital = 7,
    ClinicalLaboratory = 8,
}
