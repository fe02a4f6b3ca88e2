using System.Diagnostics;
using System.Text.Json;
using Consent.Contracts.Identifiers;
using Consent.Service.EventStore;
using Consent.Service.Hosting;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Consent.Service.Patients.Api;

/// <summary>What an endpoint answers to a handled command.</summary>
public sealed record WriteAnswer(int Status, object? Body, string? Location = null);

/// <summary>
/// The HTTP side of every patient write: If-Match to an expected version, Idempotency-Key replay,
/// refusals to problems, and ETag and Consent-Position on the answer.
/// </summary>
public sealed class PatientWrites(PatientCommandHandler handler, IdempotencyStore idempotency, IOptions<JsonOptions> json)
{
    public const string PositionHeader = "Consent-Position";

    public async Task<IResult> ExecuteAsync(
        HttpContext http, Inss patient, PatientCommand command, object? requestBody, Func<CommandResult, Task<WriteAnswer>> answer)
    {
        var caller = Caller.From(http.User);
        var metadata = new EventMetadata(command.Acting.Actor, caller.Channel, CorrelationId(http), null, Activity.Current?.Id);
        var expectedVersion = IfMatch(http.Request);
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        var principal = $"{caller.Role}:{caller.Subject}";
        var hash = IdempotencyStore.Hash(http.Request.Method, http.Request.Path, requestBody);
        var ct = http.RequestAborted;

        if (key.Length > 0 && await idempotency.FindAsync(principal, key, ct) is { } earlier)
        {
            return Replay(earlier, hash);
        }

        StoredAnswer? stored = null;
        Func<CommandResult, NpgsqlTransaction, Task>? remember = key.Length == 0 ? null : async (result, transaction) =>
        {
            if (result.Error is null)
            {
                stored = await ToStoredAsync(result, hash, answer);
                await IdempotencyStore.SaveAsync(transaction, principal, key, stored, ct);
            }
        };

        CommandResult handled;
        try
        {
            handled = await handler.HandleAsync(patient, command, metadata, expectedVersion, remember, ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.TableName == "idempotent_requests")
        {
            // A concurrent repeat with the same key committed first: answer as it did.
            return Replay((await idempotency.FindAsync(principal, key, ct))!, hash);
        }

        if (handled.Error is { } error)
        {
            throw new ProblemException(error.Status, error.Code, error.Detail);
        }
        return ToResult(stored ?? await ToStoredAsync(handled, hash, answer));
    }

    private async Task<StoredAnswer> ToStoredAsync(CommandResult result, string hash, Func<CommandResult, Task<WriteAnswer>> answer)
    {
        var written = await answer(result);
        var headers = new Dictionary<string, string>
        {
            ["ETag"] = ETags.Of(result.State.Version),
            [PositionHeader] = result.State.Position.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (written.Location is not null)
        {
            headers["Location"] = written.Location;
        }
        var body = written.Body is null ? null : JsonSerializer.Serialize(written.Body, written.Body.GetType(), json.Value.SerializerOptions);
        return new StoredAnswer(hash, written.Status, headers, body);
    }

    private static IResult Replay(StoredAnswer earlier, string hash) =>
        earlier.RequestHash == hash
            ? ToResult(earlier)
            : throw new ProblemException(422, "idempotency-key-reuse", "This Idempotency-Key was used with another request.");

    private static IResult ToResult(StoredAnswer answer) => new StoredAnswerResult(answer);

    private static long? IfMatch(HttpRequest request)
    {
        var value = request.Headers.IfMatch.ToString();
        if (value.Length == 0)
        {
            return null;
        }
        return ETags.TryParse(value, out var version)
            ? version
            : throw ProblemException.InvalidRequest("If-Match must be an ETag of the form \"<version>\".");
    }

    private static string CorrelationId(HttpContext http) =>
        http.Request.Headers["X-Correlation-Id"].FirstOrDefault() is { Length: > 0 and <= 200 } given ? given : http.TraceIdentifier;

    private sealed class StoredAnswerResult(StoredAnswer answer) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = answer.StatusCode;
            foreach (var (name, value) in answer.Headers)
            {
                httpContext.Response.Headers[name] = value;
            }
            if (answer.Body is not null)
            {
                httpContext.Response.ContentType = "application/json; charset=utf-8";
                await httpContext.Response.WriteAsync(answer.Body);
            }
        }
    }
}
