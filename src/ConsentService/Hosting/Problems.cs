namespace Consent.Service.Hosting;

/// <summary>Writes RFC 9457 problem documents with the extra, stable "code" member of api.md.</summary>
public static class Problems
{
    private static readonly Dictionary<int, string> Titles = new()
    {
        [400] = "The request is not valid.",
        [401] = "Authentication is required.",
        [403] = "This caller may not do this.",
        [404] = "Not found.",
        [405] = "Method not allowed.",
        [412] = "The resource changed since it was read.",
        [413] = "The request body is too large.",
        [415] = "The request body is not of a type this operation reads.",
        [422] = "The request was understood but refused.",
        [429] = "Too many requests.",
        [500] = "The service failed to handle the request.",
        [503] = "The service is temporarily unavailable.",
    };

    public static IResult Result(int status, string code, string? detail = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: Titles.GetValueOrDefault(status), type: TypeOf(code),
            extensions: new Dictionary<string, object?> { ["code"] = code });

    public static Task WriteAsync(HttpContext context, int status, string code, string? detail = null)
    {
        context.Response.Clear();
        return Result(status, code, detail).ExecuteAsync(context);
    }

    private static string TypeOf(string code) => $"https://consent.example/problems/{code}";
}
