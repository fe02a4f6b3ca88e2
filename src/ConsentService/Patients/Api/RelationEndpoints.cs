using Consent.Contracts.Identifiers;
using Consent.Service.Hosting;
using Consent.Service.Providers;

namespace Consent.Service.Patients.Api;

/// <summary>"Therapeutische relaties": list, add (or renew), and end a patient's therapeutic relations.</summary>
public static class RelationEndpoints
{
    public static void MapRelations(this RouteGroupBuilder patients)
    {
        patients.MapGet("/{inss}/relations", async (string inss, string? status, HttpContext http, PatientViews views, PatientRendering rendering) =>
        {
            if (status is not (null or "all" or "active"))
            {
                throw ProblemException.InvalidRequest("status must be active or all.");
            }
            var (_, state) = await PatientRoutes.ReadCurrentAsync(http, inss, views);
            return TypedResults.Ok(await rendering.RelationsAsync(state, status == "active", http.RequestAborted));
        }).WithName("ListRelations");

        patients.MapGet("/{inss}/relations/{id}", async (string inss, string id, HttpContext http, PatientViews views, PatientRendering rendering) =>
        {
            var (_, state) = await PatientRoutes.ReadCurrentAsync(http, inss, views);
            var relation = (Guid.TryParse(id, out var relationId) ? state.RelationById(relationId) : null)
                ?? throw new ProblemException(404, "unknown-relation", $"No relation {id} for this patient.");
            return TypedResults.Ok(await rendering.RelationAsync(relation, http.RequestAborted));
        }).WithName("GetRelation");

        patients.MapPost("/{inss}/relations", async (string inss, HttpContext http, PatientWrites writes, ProviderDirectory directory, PatientRendering rendering) =>
        {
            var patient = PatientRoutes.ParseInss(inss);
            var caller = PatientRoutes.CareWriter(http, patient);
            var body = await RequestBody.ReadAsync<AddRelationRequest>(http.Request);
            var command = await ToCommandAsync(body, caller, patient, directory, http.RequestAborted);
            return await writes.ExecuteAsync(http, patient, command, body, async result =>
            {
                var relation = AddedOrRenewed(result, command);
                var view = await rendering.RelationAsync(relation, http.RequestAborted);
                var created = result.Events.OfType<TherapeuticRelationAdded>().Any();
                return new WriteAnswer(created ? 201 : 200, view, created ? $"/v1/patients/{patient.Value}/relations/{relation.Id}" : null);
            });
        }).WithName("AddRelation");

        patients.MapDelete("/{inss}/relations/{id}", async (string inss, string id, HttpContext http, PatientWrites writes) =>
        {
            var patient = PatientRoutes.ParseInss(inss);
            var caller = PatientRoutes.CareWriter(http, patient);
            if (!Guid.TryParse(id, out var relationId))
            {
                throw new ProblemException(404, "unknown-relation", $"No relation {id} for this patient.");
            }
            return await writes.ExecuteAsync(http, patient, new EndTherapeuticRelation(caller.ActingFor(patient), relationId), null,
                _ => Task.FromResult(new WriteAnswer(204, null)));
        }).WithName("EndRelation");
    }

    private static async Task<AddTherapeuticRelation> ToCommandAsync(
        AddRelationRequest body, Caller caller, Inss patient, ProviderDirectory directory, CancellationToken cancellationToken)
    {
        if (!Nihdi.TryParse(body.Provider, out var nihdi))
        {
            throw ProblemException.InvalidNihdi();
        }
        var acting = caller.ActingFor(patient);
        RelationType type;
        if (body.Type is null)
        {
            type = acting.IsPatientSide
                ? RelationType.PatientDeclared
                : throw new ProblemException(400, "invalid-relation-type", "type is required for providers and hospital systems.");
        }
        else if (!KebabEnum.TryParse(body.Type, out type))
        {
            throw new ProblemException(400, "invalid-relation-type", $"Unknown relation type '{body.Type}'.");
        }
        ProofType? proof = null;
        if (body.Proof is not null)
        {
            proof = KebabEnum.TryParse<ProofType>(body.Proof, out var p) ? p : throw ProblemException.InvalidRequest($"Unknown proof type '{body.Proof}'.");
        }
        if (body.Start is { } start && body.End is { } end && end <= start)
        {
            throw new ProblemException(400, "invalid-period", "end must come after start.");
        }
        var provider = await directory.FindAsync(nihdi.Value.Identity, cancellationToken)
            ?? throw ProblemException.UnknownProvider(nihdi.Value.Value);
        return new AddTherapeuticRelation(acting, new ProviderFacts(nihdi.Value, provider.Institutions), type, body.Start, body.End, proof);
    }

    private static Relation AddedOrRenewed(CommandResult result, AddTherapeuticRelation command)
    {
        var id = result.Events switch
        {
            [TherapeuticRelationAdded added] => added.RelationId,
            [TherapeuticRelationRenewed renewed] => renewed.RelationId,
            _ => (Guid?)null,
        };
        // No event: an active relation of that provider and type already reaches at least as far.
        return id is { } relationId
            ? result.State.RelationById(relationId)!
            : result.State.Relations.Last(r => r.Provider.Identity == command.Provider.Nihdi.Identity && r.Type == command.Type && r.EndedAt is null);
    }
}
