using Consent.Contracts.Identifiers;
using Consent.Service.Access;
using Consent.Service.Hosting;

namespace Consent.Service.Auditing;

/// <summary>
/// Auditors are audited (domain.md): an auditor's read of a patient's data is written to that patient's
/// access log, where the patient sees it, as an entry with decision "audit" and the read it was (the
/// route's name, and the instant for a state as of). It is committed before the answer starts, like a
/// decision, so no auditor reads without a trace. A read refused with a 4xx problem is not recorded: it
/// showed nothing of the patient.
/// </summary>
public sealed class AuditTrail(AccessLogWriter accessLog, TimeProvider clock)
{
    /// <summary>Endpoint metadata: the route reads a state as of the instant in its <c>at</c> query value.</summary>
    public sealed class AsOfRead;

    public const string Decision = "audit";

    public void RecordBeforeAnswer(HttpContext http, Caller caller, Inss patient)
    {
        if (!caller.IsAuditor)
        {
            return;
        }
        var what = (http.GetEndpoint() as RouteEndpoint)?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "read";
        var now = clock.GetUtcNow();
        // The instant asked about, for the routes that read a state as of one; any other read is about now.
        var at = http.GetEndpoint()?.Metadata.GetMetadata<AsOfRead>() is not null && IsoInstant.TryParse(http.Request.Query["at"], out var instant)
            ? instant
            : now;
        var entry = new AccessLogEntry(patient.Value, now, at, $"auditor:{caller.Subject}", null, Decision, [what], null, false,
            Roles.Auditor, caller.Subject, 0);
        // A refused read (a malformed instant or limit, an unknown entry) shows nothing of the patient, and bad input writes nothing.
        http.Response.OnStarting(() => http.Response.StatusCode >= 400 ? Task.CompletedTask : accessLog.WriteAsync([entry], http.RequestAborted));
    }
}
