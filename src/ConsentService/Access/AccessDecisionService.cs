using System.Diagnostics;
using Consent.Service.EventStore;
using Consent.Service.Hosting;
using Consent.Service.Providers;
using Consent.Service.Patients;

namespace Consent.Service.Access;

/// <summary>Answers access questions: load the snapshots (one round trip), run the pure policy, log real accesses.</summary>
public sealed class AccessDecisionService(
    AccessSnapshots snapshots, AccessMatrix matrix, AccessLogWriter accessLog, GlobalPositions positions, DirectoryHistory directory)
{
    private static readonly TimeSpan MinPositionPatience = TimeSpan.FromSeconds(2);

    public async Task<IReadOnlyList<DecisionResponse>> DecideAsync(
        IReadOnlyList<ValidQuestion> questions, long? minPosition, Caller caller, CancellationToken cancellationToken)
    {
        using var span = ConsentDiagnostics.Start("access.decide");
        span?.SetTag("consent.decisions.count", questions.Count);
        var started = Stopwatch.GetTimestamp();
        if (minPosition is { } wanted && !await positions.WasHandedOutAsync(wanted, cancellationToken))
        {
            // No write was ever acknowledged at that position: waiting for it would only hold the caller.
            throw new RefusedException(ErrorCodes.InvalidPosition, $"minPosition {wanted} is beyond the newest position of the store.");
        }
        var loaded = await snapshots.LoadAsync(questions, minPosition, cancellationToken);
        var deadline = started + (long)(MinPositionPatience.TotalSeconds * Stopwatch.Frequency);
        while (loaded is null)
        {
            // A write acknowledged at minPosition has committed; only a position from the future waits here.
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new RefusedException(ErrorCodes.Unavailable, $"Position {minPosition} is not visible yet; try again.");
            }
            await Task.Delay(20, cancellationToken);
            loaded = await snapshots.LoadAsync(questions, minPosition, cancellationToken);
        }

        var asked = loaded.ToArray();
        for (var i = 0; i < questions.Count; i++)
        {
            AccessQuestions.EnsureSpeaksFor(caller, questions[i], asked[i].Institutions, i);
            if (questions[i].AsOf)
            {
                // A decision as of another instant uses the directory as it was then: who worked where.
                asked[i] = asked[i] with { Institutions = await directory.InstitutionsAtAsync(questions[i].Provider, questions[i].At, cancellationToken) };
            }
        }
        loaded = asked;

        var answers = new List<DecisionResponse>(questions.Count);
        for (var i = 0; i < questions.Count; i++)
        {
            var q = questions[i];
            var snapshot = loaded[i];
            var evaluatedAt = q.AsOf ? q.At : snapshot.Patient.NotBeforeLastChange(q.At);
            var verdict = AccessPolicy.Decide(snapshot.Patient.State, new AccessQuestion(new ProviderAccessFacts(q.Provider, snapshot.Institutions), q.DocumentType, evaluatedAt, q.BreakTheGlass), matrix);
            answers.Add(new DecisionResponse(verdict.Permit ? "permit" : "deny", verdict.Reasons, q.Patient.Value, q.ProviderAsAsked,
                q.DocumentType, q.At, snapshot.Patient.Position, verdict.ReviewRequired));
            ConsentDiagnostics.Decisions.Add(1, new KeyValuePair<string, object?>("decision", verdict.Permit ? "permit" : "deny"),
                new KeyValuePair<string, object?>("reason", verdict.Reasons[^1]));
        }

        if (AccessQuestions.IsRealAccess(caller))
        {
            var by = caller.Role == Roles.Provider ? caller.Nihdi?.Value ?? caller.Subject : caller.Institution?.Value ?? caller.Subject;
            await accessLog.WriteAsync(answers.Select((a, i) => new AccessLogEntry(
                // A real access is about now: it is logged at the very instant the caller was answered with.
                a.Patient, a.At, a.At, a.Provider, a.DocumentType is { } d ? KebabEnum.Name(d) : null, a.Decision, a.Reasons,
                questions[i].BreakTheGlass, a.ReviewRequired, caller.Role, by, a.Position)), cancellationToken);
        }
        ConsentDiagnostics.DecisionDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        return answers;
    }
}
