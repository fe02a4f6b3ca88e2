using Consent.Contracts.Identifiers;
using Consent.Service.Hosting;

namespace Consent.Service.Access;

/// <summary>A decision request after validation: every identifier parsed, every value in range.</summary>
/// <param name="AsOf">An auditor asked about an instant of its own choosing: the directory is read as it was then.</param>
public sealed record ValidQuestion(
    Inss Patient, Nihdi? ProviderNumber, ProviderId Provider, DocumentType? DocumentType, DateTimeOffset At, string? BreakTheGlass, bool AsOf = false)
{
    public string ProviderAsAsked => ProviderNumber?.Value ?? Provider.Value;
}

/// <summary>Validates decision requests and applies the role table: a provider asks only about itself.</summary>
public static class AccessQuestions
{
    public static ValidQuestion Validate(DecisionRequest request, Caller caller, DateTimeOffset now, string where = "")
    {
        // The answer's instant is the one the access log stores: to the microsecond.
        now = Auditing.StorePrecision.Truncate(now);
        if (!Inss.TryParse(request.Patient, out var patient))
        {
            throw new RefusedException("invalid-inss", $"{where}patient is not a valid INSS or BIS number.");
        }
        Nihdi.TryParse(request.Provider, out var number);
        if (!ProviderId.TryParse(request.Provider, out var provider))
        {
            throw new RefusedException("invalid-nihdi", $"{where}provider is not a valid NIHDI number.");
        }
        DocumentType? documentType = null;
        if (request.DocumentType is not null)
        {
            documentType = KebabEnum.TryParse<DocumentType>(request.DocumentType, out var parsed)
                ? parsed
                : throw new RefusedException("invalid-document-type", $"{where}documentType '{request.DocumentType}' is not one of sumehr, medication-scheme, vaccination, lab-result, discharge-letter, imaging-report.");
        }
        if (request.BreakTheGlass is { } justification && !BreakTheGlass.IsValid(justification))
        {
            throw RefusedException.InvalidRequest($"{where}{BreakTheGlass.Rule}");
        }
        if (caller.Role == Roles.Provider && caller.Nihdi?.Identity != provider)
        {
            throw RefusedException.Forbidden($"{where}A provider may ask access decisions only for itself.");
        }
        InputRules.Date($"{where}at", request.At);
        // A real access is about now: only an auditor asks what would have been decided at another instant. A provider's
        // or hospital system's `at` that is now, give or take the clock skew tokens are allowed, is answered about the
        // service's own now, and logged at it.
        var asOf = request.At is { } at && (caller.IsAuditor || (at - now).Duration() > AuthSetup.ClockSkew);
        if (asOf && !caller.IsAuditor)
        {
            throw RefusedException.Forbidden($"{where}at is for auditors; providers and hospital systems get the decision about now.");
        }
        EnsurePosition(request.MinPosition, where);
        return new ValidQuestion(patient.Value, number, provider.Value, documentType, asOf ? request.At!.Value.ToUniversalTime() : now, request.BreakTheGlass, asOf);
    }

    /// <summary>Positions start at 1: a negative minPosition is refused, not read as no constraint.</summary>
    public static void EnsurePosition(long? minPosition, string where = "")
    {
        if (minPosition < 0)
        {
            throw RefusedException.InvalidRequest($"{where}minPosition must be 0 or more.");
        }
    }

    /// <summary>Providers, hospital systems and auditors ask; patients and admins do not.</summary>
    public static void EnsureMayAsk(Caller caller)
    {
        if (caller.Role is not (Roles.Provider or Roles.His or Roles.Auditor))
        {
            throw RefusedException.Forbidden("Only providers, hospital systems and auditors ask access decisions.");
        }
    }

    /// <summary>A hospital system asks only for itself or its staff, as the directory lists them.</summary>
    public static void EnsureSpeaksFor(Caller caller, ValidQuestion question, IReadOnlyCollection<ProviderId> worksAt, int index)
    {
        if (caller.Role == Roles.His && !(caller.Institution is { } hospital && (question.Provider == hospital || worksAt.Contains(hospital))))
        {
            throw RefusedException.Forbidden($"requests[{index}]: a hospital system asks access decisions only for itself and its staff.");
        }
    }

    /// <summary>Real accesses (by a provider or a hospital system) are logged; an auditor's what-if is not.</summary>
    public static bool IsRealAccess(Caller caller) => caller.Role is Roles.Provider or Roles.His;
}
