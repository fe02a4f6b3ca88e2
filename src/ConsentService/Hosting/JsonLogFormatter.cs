using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Consent.Service.Hosting;

/// <summary>
/// JSON log lines with the trace and span ids but without logging scopes: ASP.NET Core's request scope
/// carries the request path, and our paths carry INSS numbers, which never reach a log (api.md). A
/// number that reads as an INSS anywhere in a message or exception (a framework's request line at a
/// verbose level, say) is blanked as well.
/// </summary>
public sealed class JsonLogFormatter() : ConsoleFormatter(Name)
{
    public new const string Name = "consent-json";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", DateTimeOffset.UtcNow);
            json.WriteString("level", logEntry.LogLevel.ToString());
            json.WriteString("category", logEntry.Category);
            json.WriteNumber("eventId", logEntry.EventId.Id);
            json.WriteString("message", InssRedaction.Redact(message));
            if (logEntry.Exception is { } exception)
            {
                json.WriteString("exception", InssRedaction.Redact(exception.ToString()));
            }
            if (Activity.Current is { } activity)
            {
                json.WriteString("traceId", activity.TraceId.ToHexString());
                json.WriteString("spanId", activity.SpanId.ToHexString());
            }
            json.WriteEndObject();
        }
        textWriter.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }
}
