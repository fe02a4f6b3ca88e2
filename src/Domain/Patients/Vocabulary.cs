namespace Consent.Domain;

public enum ConsentStatus { None, Given, Revoked, Deceased }

public enum ConsentType { Retrospective, Prospective }

public enum RelationType { Consultation, Pharmacy, Gmd, Hospitalisation, Referral, Emergency, PatientDeclared }

public enum RelationStatus { Active, Expired, Ended, Future }

public enum ProofType
{
    EidReading,
    IsiReading,
    SisReading,
    EidSigning,
    EidEncodingHousecall,
    EidEncodingNocard,
    EidEncodingTechproblem,
    PatientDeclaration,
    AuthenticSource,
}

/// <summary>The roles a caller's token carries (api.md's role table).</summary>
public static class Roles
{
    public const string Patient = "patient";
    public const string Provider = "provider";
    public const string His = "his";
    public const string Auditor = "auditor";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Patient, Provider, His, Auditor, Admin];
}

/// <summary>The kinds of actor the record shows. Representatives act for a patient (OnBehalfOf).</summary>
public static class ActorKinds
{
    public const string Patient = Roles.Patient;
    public const string Representative = "representative";
    public const string Provider = Roles.Provider;
    public const string His = Roles.His;
    public const string AuthenticSource = "authentic-source";
}

/// <summary>Channels a change came through.</summary>
public static class Channels
{
    public const string Portal = "portal";
    public const string ProviderSoftware = "provider-software";
    public const string HospitalSystem = "hospital-system";
    public const string Bus = "bus";
}
