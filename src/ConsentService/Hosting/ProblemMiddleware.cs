using System.Text.Json;
using Consent.Service.EventStore;
using Npgsql;

namespace Consent.Service.Hosting;

/// <summary>
/// Turns every failure into a problem document: refusals keep their code, a database that cannot
/// be reached is 503 unavailable, anything unexpected is a 500 without a stack trace.
/// </summary>
public sealed class ProblemMiddleware(RequestDelegate next, ILogger<ProblemMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            var (status, code, detail) = Classify(e);
            if (status >= 500)
            {
                // The route pattern, not the path: paths carry INSS numbers, which never go to logs.
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
                logger.LogError(e, "Request {Method} {Route} failed with {Code}", context.Request.Method, route, code);
            }
            await Problems.WriteAsync(context, status, code, detail);
        }
    }

    private static (int Status, string Code, string Detail) Classify(Exception e) => e switch
    {
        RefusedException p => (ProblemStatuses.Of(p.Code), p.Code, p.Message),
        VersionConflictException => (412, "version-conflict", "The patient's record changed since the version in If-Match; nothing was written."),
        BadHttpRequestException { StatusCode: 413 } => (413, "payload-too-large", "The request body is larger than allowed."),
        BadHttpRequestException b => (400, "invalid-request", BindingFailures.Describe(b.Message)),
        JsonException => (400, "invalid-request", "The request body is not valid JSON for this operation."),
        NpgsqlException { IsTransient: true } or TimeoutException => (503, "unavailable", "The database cannot be reached; try again."),
        NpgsqlException n when n.InnerException is System.Net.Sockets.SocketException => (503, "unavailable", "The database cannot be reached; try again."),
        _ => (500, "internal-error", "An unexpected error occurred; it has been logged."),
    };
}
