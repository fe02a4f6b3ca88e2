namespace Consent.IntegrationTests.Infrastructure;

/// <summary>Providers of the seeded demo directory (src/ConsentService/Providers/DemoProviders.cs).</summary>
public static class Demo
{
    /// <summary>Dr. Émile Dupré, recognised GP, works at AZ Delta.</summary>
    public const string Gp = "12345625004";

    /// <summary>The same GP under another qualification code: the same 8-digit identity.</summary>
    public const string GpOtherQualification = "12345625003";

    public const string AzDelta = "71000139000";
    public const string UzGent = "71000238000";

    /// <summary>A valid NIHDI number that is not in the directory.</summary>
    public const string Unlisted = "19999915004";

    /// <summary>Providers of the demo directory who work at no hospital, one per profession.</summary>
    public const string Physician = "12003749003";
    public const string Pharmacist = "62148096401";
    public const string Nurse = "42203512402";
    public const string Physiotherapist = "52314573001";
    public const string Dentist = "32277541001";
}
