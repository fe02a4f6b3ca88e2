using Consent.Service.EventStore;
using Consent.Service.Hosting;

namespace Consent.Service.Patients.Api;

/// <summary>The patient view (now, or as recorded at an instant) and the full event history.</summary>
public static class PatientReadEndpoints
{
    public static void MapPatientReads(this RouteGroupBuilder patients)
    {
        patients.MapGet("/{inss}", async (string inss, string? at, HttpContext http, PatientViews views, PatientRendering rendering) =>
        {
            var patient = PatientRoutes.ParseInss(inss);
            PatientRoutes.Reader(http, patient);
            var instant = ParseInstant(at);
            var state = instant is { } t
                ? await views.AsRecordedAtAsync(patient, t, http.RequestAborted)
                : await views.LoadAsync(patient, http.RequestAborted);
            PatientRoutes.SetVersionHeaders(http, state);
            return TypedResults.Ok(await rendering.ViewAsync(patient, state, instant, http.RequestAborted));
        }).WithName("GetPatient").WithMetadata(new Auditing.AuditTrail.AsOfRead());

        patients.MapGet("/{inss}/history", async (string inss, HttpContext http, PostgresEventStore store, PatientViews views) =>
        {
            var patient = PatientRoutes.ParseInss(inss);
            PatientRoutes.Reader(http, patient);
            var events = await store.ReadStreamAsync(PatientStreams.IdOf(patient), cancellationToken: http.RequestAborted);
            http.Response.Headers.ETag = ETags.Of(events.Count == 0 ? 0 : events[^1].Version);
            return TypedResults.Ok(new HistoryView(patient.Value, [.. events.Select(e => new HistoryEntry(
                e.Version, e.Position, e.Type, e.RecordedAt, e.Metadata.Actor, e.Metadata.Channel, e.Metadata.CorrelationId, e.Data,
                e.Metadata.Sender is { } sender ? new HistorySender(sender, e.Metadata.SenderInstitution) : null))]));
        }).WithName("GetHistory");
    }

    public static DateTimeOffset? ParseInstant(string? value) =>
        value is null ? null
        : IsoInstant.TryParse(value, out var t)
            ? InputRules.Date("at", t)
        : throw RefusedException.InvalidRequest("at must be an ISO 8601 instant, for example 2026-03-01T09:00:00Z.");
}
