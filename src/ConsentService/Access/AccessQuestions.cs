using Consent.Contracts.Identifiers;
using Consent.Service.Hosting;
using Consent.Service.Patients;

namespace Consent.Service.Access;

/// <summary>A decision request after validation: every identifier parsed, every value in range.</summary>
public sealed record ValidQuestion(Inss Patient, Nihdi? ProviderNumber, ProviderId Provider, DocumentType? DocumentType, DateTimeOffset At, string? BreakTheGlass)
{
    public string ProviderAsAsked => ProviderNumber?.Value ?? Provider.Value;
}

/// <summary>Validates decision requests and applies the role table: a provider asks only about itself.</summary>
public static class AccessQuestions
{
    public static ValidQuestion Validate(DecisionRequest request, Caller caller, DateTimeOffset now, string where = "")
    {
        if (!Inss.TryParse(request.Patient, out var patient))
        {
            throw new ProblemException(400, "invalid-inss", $"{where}patient is not a valid INSS or BIS number.");
        }
        Nihdi.TryParse(request.Provider, out var number);
        if (!ProviderId.TryParse(request.Provider, out var provider))
        {
            throw new ProblemException(400, "invalid-nihdi", $"{where}provider is not a valid NIHDI number.");
        }
        DocumentType? documentType = null;
        if (request.DocumentType is not null)
        {
            documentType = KebabEnum.TryParse<DocumentType>(request.DocumentType, out var parsed)
                ? parsed
                : throw new ProblemException(400, "invalid-document-type", $"{where}documentType '{request.DocumentType}' is not one of sumehr, medication-scheme, vaccination, lab-result, discharge-letter, imaging-report.");
        }
        if (request.BreakTheGlass is { } justification && !AccessPolicy.IsValidJustification(justification))
        {
            throw ProblemException.InvalidRequest($"{where}breakTheGlass must be a justification of {AccessPolicy.BreakTheGlassMin} to {AccessPolicy.BreakTheGlassMax} characters.");
        }
        if (caller.Role == Caller.ProviderRole && caller.Nihdi?.Identity != provider)
        {
            throw ProblemException.Forbidden("A provider may ask access decisions only for itself.");
        }
        return new ValidQuestion(patient.Value, number, provider.Value, documentType, request.At ?? now, request.BreakTheGlass);
    }

    /// <summary>Providers, hospital systems and auditors ask; patients and admins do not.</summary>
    public static void EnsureMayAsk(Caller caller)
    {
        if (caller.Role is not (Caller.ProviderRole or Caller.HisRole or Caller.AuditorRole))
        {
            throw ProblemException.Forbidden("Only providers, hospital systems and auditors ask access decisions.");
        }
    }

    /// <summary>Real accesses (by a provider or a hospital system) are logged; an auditor's what-if is not.</summary>
    public static bool IsRealAccess(Caller caller) => caller.Role is Caller.ProviderRole or Caller.HisRole;
}
