using Consent.Service.Hosting;

namespace Consent.Service.Patients.Api;

/// <summary>"Therapeutische relaties": list, add (or renew), and end a patient's therapeutic relations.</summary>
public static class RelationEndpoints
{
    public static void MapRelations(this RouteGroupBuilder patients)
    {
        patients.MapGet("/{inss}/relations", ListAsync).WithName("ListRelations");
        patients.MapGet("/{inss}/relations/{id}", GetAsync).WithName("GetRelation");
        patients.MapPost("/{inss}/relations", AddAsync).WithName("AddRelation");
        patients.MapDelete("/{inss}/relations/{id}", EndAsync).WithName("EndRelation");
    }

    private static async Task<IResult> ListAsync(string inss, string? status, HttpContext http, PatientViews views, PatientRendering rendering)
    {
        if (status is not (null or "all" or "active"))
        {
            throw RefusedException.InvalidRequest("status must be active or all.");
        }
        var (_, snapshot) = await PatientRoutes.ReadCurrentAsync(http, inss, views);
        return TypedResults.Ok(await rendering.RelationsAsync(snapshot.State, status == "active", http.RequestAborted));
    }

    private static async Task<IResult> GetAsync(string inss, string id, HttpContext http, PatientViews views, PatientRendering rendering)
    {
        var (_, snapshot) = await PatientRoutes.ReadCurrentAsync(http, inss, views);
        var relation = (Guid.TryParse(id, out var relationId) ? snapshot.State.RelationById(relationId) : null)
            ?? throw RefusedException.UnknownRelation("with this id");
        return TypedResults.Ok(await rendering.RelationAsync(relation, http.RequestAborted));
    }

    private static async Task<IResult> AddAsync(string inss, HttpContext http, PatientWrites writes, PatientCommandFactory commands, PatientRendering rendering)
    {
        var patient = PatientRoutes.ParseInss(inss);
        var caller = PatientRoutes.Writer(http, patient);
        var body = await RequestBody.ReadAsync<AddRelationRequest>(http.Request);
        var (command, provider) = await commands.RelationToAddAsync(
            caller.ActingFor(patient), new RelationInput(body.Provider, body.Type, body.Proof, body.Start, body.End), http.RequestAborted);
        return await writes.ExecuteAsync(http, patient, command, body, async result =>
        {
            var relation = AddedOrRenewed(result, command);
            var view = await rendering.RelationAsync(relation, http.RequestAborted, provider);
            var created = result.Events.OfType<TherapeuticRelationAdded>().Any();
            return new WriteAnswer(created ? 201 : 200, view, created ? $"/v1/patients/{patient.Value}/relations/{relation.Id}" : null);
        });
    }

    private static async Task<IResult> EndAsync(string inss, string id, HttpContext http, PatientWrites writes, PatientCommandFactory commands)
    {
        var patient = PatientRoutes.ParseInss(inss);
        var caller = PatientRoutes.Writer(http, patient);
        return await writes.ExecuteAsync(http, patient, commands.EndRelation(caller.ActingFor(patient), id), null,
            _ => Task.FromResult(new WriteAnswer(204, null)));
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
