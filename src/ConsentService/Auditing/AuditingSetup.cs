namespace Consent.Service.Auditing;

/// <summary>Registers the auditors' parts.</summary>
public static class AuditingSetup
{
    public static IServiceCollection AddAuditing(this IServiceCollection services) => services
        .AddSingleton<StreamVerifier>()
        .AddSingleton<DecisionExplanation>()
        .AddSingleton<AuditTrail>()
        .AddSingleton<StreamRows>()
        .AddSingleton<FhirExport>();
}
