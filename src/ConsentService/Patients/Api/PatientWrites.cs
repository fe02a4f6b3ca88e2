using System.Diagnostics;
using System.Text.Json;
using Consent.Contracts.Identifiers;
using Consent.Service.EventStore;
using Consent.Service.Hosting;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Consent.Service.Patients.Api;

/// <summary>What an endpoint answers to a handled command.</summary>
public sealed record WriteAnswer(int Status, object? Body, string? Location = null);

/// <summary>
/// The HTTP side of every patient write: If-Match to an expected version, Idempotency-Key replay,
/// refusals to problems, and ETag and Consent-Position on the answer.
/// </summary>
public sealed class PatientWrites(PatientCommandHandler handler, IdempotencyStore idempotency, IOptions<JsonOptions> json)
{
    public const string PositionHeader = IdempotencyRow.PositionHeader;

    public async Task<IResult> ExecuteAsync(
        HttpContext http, Inss patient, PatientCommand command, object? requestBody, Func<CommandResult, Task<WriteAnswer>> answer)
    {
        var caller = Caller.From(http.User);
        var metadata = new EventMetadata(command.Acting.Actor, caller.Channel, CorrelationId(http), null, Activity.Current?.Id);
        var expectedVersion = IfMatch(http.Request);
        var key = IdempotencyKey(http.Request.Headers);
        // A key belongs to one caller and one patient: nobody else's request ever replays its answer.
        var principal = $"{caller.Role}:{caller.Subject}:{caller.Inss?.Value ?? caller.Nihdi?.Value ?? caller.Institution?.Value}:{patient.Value}";
        var showVersion = caller.IsPatientSide;
        var hash = IdempotencyStore.Hash(http.Request.Method, http.Request.Path, requestBody);
        var ct = http.RequestAborted;

        // A key is not looked up before the command: its answer is stored by the same statement as the events (or alone
        // when nothing changes), and the key's primary key refuses that write when an answer is already there, which is
        // then replayed and nothing is written. Only an answer given without such a write (a refusal, a conflict) looks first.
        StoredAnswer? stored = null;
        Func<CommandResult, Task<IdempotencyRow?>>? remember = key.Length == 0 ? null : async result =>
        {
            stored = await ToStoredAsync(result, hash, answer, showVersion);
            return new IdempotencyRow(principal, key, stored.RequestHash, stored.StatusCode, JsonSerializer.Serialize(stored.Headers), stored.Body);
        };

        CommandResult handled;
        try
        {
            handled = await handler.HandleAsync(patient, command, metadata, expectedVersion, cancellationToken: ct, remember: remember);
        }
        catch (IdempotencyKeyUsedException)
        {
            // A repeat: the key's first request committed its answer first; answer as it did.
            return Replay((await idempotency.FindAsync(principal, key, ct))!, hash);
        }
        catch (Exception e) when (e is VersionConflictException or RefusedException && key.Length > 0)
        {
            if (await EarlierAnswerAsync() is { } replay)
            {
                return replay;
            }
            throw;
        }

        if (handled.Error is { } error)
        {
            return await EarlierAnswerAsync() ?? throw new RefusedException(error);
        }
        if (stored is not null)
        {
            // Built before the append, as stored; the position is the one the append gave it.
            stored.Headers[PositionHeader] = PositionOf(handled);
            return ToResult(stored);
        }
        return ToResult(await ToStoredAsync(handled, hash, answer, showVersion));

        // A repeat whose first request moved the record on may be refused or conflict now: the first answer stands.
        async Task<IResult?> EarlierAnswerAsync() =>
            key.Length > 0 && await idempotency.FindAsync(principal, key, ct) is { } earlier ? Replay(earlier, hash) : null;
    }

    // The position lets any writer ask a fresh decision (minPosition); the version (ETag) tells how the
    // patient's record has moved, which only the patient side may learn.
    private async Task<StoredAnswer> ToStoredAsync(CommandResult result, string hash, Func<CommandResult, Task<WriteAnswer>> answer, bool showVersion)
    {
        var written = await answer(result);
        var headers = new Dictionary<string, string>
        {
            [PositionHeader] = PositionOf(result),
        };
        if (showVersion)
        {
            headers["ETag"] = ETags.Of(result.Snapshot.Version);
        }
        if (written.Location is not null)
        {
            headers["Location"] = written.Location;
        }
        var body = written.Body is null ? null : JsonSerializer.Serialize(written.Body, written.Body.GetType(), json.Value.SerializerOptions);
        return new StoredAnswer(hash, written.Status, headers, body);
    }

    private static string PositionOf(CommandResult result) => result.Snapshot.Position.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static IResult Replay(StoredAnswer earlier, string hash) =>
        earlier.RequestHash == hash
            ? ToResult(earlier)
            : throw new RefusedException("idempotency-key-reuse", "This Idempotency-Key was used with another request.");

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
            : throw RefusedException.InvalidRequest("If-Match must be an ETag of the form \"<version>\".");
    }

    // No header: no key. A header sent empty, or twice, is a key the client got wrong, not one it left out.
    internal static string IdempotencyKey(IHeaderDictionary headers) =>
        !headers.TryGetValue("Idempotency-Key", out var keys) ? ""
        : keys is [{ } key] && InputRules.IsVisibleAscii(key, InputRules.MaxIdempotencyKeyLength) ? key
        : throw RefusedException.InvalidRequest($"Idempotency-Key must be one value of 1 to {InputRules.MaxIdempotencyKeyLength} visible ASCII characters.");

    private static string CorrelationId(HttpContext http)
    {
        var given = http.Request.Headers["X-Correlation-Id"].ToString();
        if (given.Length == 0)
        {
            return http.TraceIdentifier;
        }
        return InputRules.IsVisibleAscii(given, InputRules.MaxIdLength)
            ? given
            : throw RefusedException.InvalidRequest($"X-Correlation-Id must be 1 to {InputRules.MaxIdLength} visible ASCII characters.");
    }

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
