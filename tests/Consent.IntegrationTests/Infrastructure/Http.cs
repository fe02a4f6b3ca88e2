using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Consent.IntegrationTests.Infrastructure;

/// <summary>Small helpers for talking JSON to the service and reading its answers as a client would.</summary>
public static class Http
{
    public static Task<HttpResponseMessage> PostJson(this HttpClient client, string url, object body, params (string Name, string Value)[] headers) =>
        client.SendJson(HttpMethod.Post, url, body, headers);

    public static Task<HttpResponseMessage> PutJson(this HttpClient client, string url, object? body = null, params (string Name, string Value)[] headers) =>
        client.SendJson(HttpMethod.Put, url, body, headers);

    public static async Task<HttpResponseMessage> SendJson(this HttpClient client, HttpMethod method, string url, object? body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = body is string raw
                ? new StringContent(raw, Encoding.UTF8, "application/json")
                : JsonContent.Create(body);
        }
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return await client.SendAsync(request);
    }

    public static async Task<JsonElement> Json(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text.Length == 0 ? "null" : text).RootElement.Clone();
    }

    /// <summary>The problem code of an error answer, after checking it is an RFC 9457 document.</summary>
    public static async Task<string?> ProblemCode(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = await response.Json();
        Assert.False(json.ToString().Contains("   at ", StringComparison.Ordinal), "a problem must not carry a stack trace");
        return json.GetProperty("code").GetString();
    }

    public static long Version(this HttpResponseMessage response) => long.Parse(response.Headers.ETag!.Tag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture);

    public static long Position(this HttpResponseMessage response) =>
        long.Parse(response.Headers.GetValues("Consent-Position").Single(), System.Globalization.CultureInfo.InvariantCulture);

    public static string Str(this JsonElement json, string name) => json.GetProperty(name).GetString()!;
}
