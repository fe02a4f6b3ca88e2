using Consent.Service.Hosting;

namespace Consent.Service.Access;

/// <summary>The hub's question over REST: one decision, or up to 1000 in request order.</summary>
public static class AccessDecisionEndpoints
{
    public const int MaxBatch = 1000;

    /// <summary>
    /// A batch's body limit: a thousand questions in full (separators in the numbers, an instant, a break-the-glass
    /// text of 500 characters, some of them escaped) do not fit in a single question's 64 KiB.
    /// </summary>
    public const int MaxBatchBytes = 4 * 1024 * 1024;

    public static void MapAccessDecisions(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/access-decisions").WithTags("Access decisions");

        group.MapPost("", async (HttpContext http, AccessDecisionService service, TimeProvider clock, long? minPosition) =>
        {
            var caller = Caller.From(http.User);
            AccessQuestions.EnsureMayAsk(caller);
            var request = await RequestBody.ReadAsync<DecisionRequest>(http.Request);
            var question = AccessQuestions.Validate(request, caller, clock.GetUtcNow());
            var answers = await service.DecideAsync([question], Stricter(request.MinPosition, QueryMinPosition(minPosition)), caller, http.RequestAborted);
            return TypedResults.Ok(answers[0]);
        }).WithName("DecideAccess");

        group.MapPost("/batch", async (HttpContext http, AccessDecisionService service, TimeProvider clock, long? minPosition) =>
        {
            var caller = Caller.From(http.User);
            AccessQuestions.EnsureMayAsk(caller);
            var request = await RequestBody.ReadAsync<BatchDecisionRequest>(http.Request, MaxBatchBytes);
            if (request.Requests.Count is 0 or > MaxBatch)
            {
                throw RefusedException.InvalidRequest($"requests must hold 1 to {MaxBatch} decisions.");
            }
            AccessQuestions.EnsurePosition(request.MinPosition);
            var now = clock.GetUtcNow();
            var questions = request.Requests.Select((r, i) => AccessQuestions.Validate(r, caller, now, $"requests[{i}].")).ToList();
            var wanted = Stricter(Stricter(request.Requests.Max(r => r.MinPosition), request.MinPosition), QueryMinPosition(minPosition));
            return TypedResults.Ok(new BatchDecisionResponse(await service.DecideAsync(questions, wanted, caller, http.RequestAborted)));
        }).WithName("DecideAccessBatch");
    }

    // api.md lists minPosition among a decision's inputs without placing it: the body's and the query string's are
    // both read, and the later position of the two is the one waited for.
    private static long? QueryMinPosition(long? minPosition)
    {
        AccessQuestions.EnsurePosition(minPosition, "query ");
        return minPosition;
    }

    private static long? Stricter(long? one, long? other) => one is null ? other : other is null ? one : Math.Max(one.Value, other.Value);
}
