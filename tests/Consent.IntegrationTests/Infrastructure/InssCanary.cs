using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Consent.Service.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Consent.IntegrationTests.Infrastructure;

/// <summary>
/// Patient numbers never reach logs or traces (api.md). Every log line the services of this suite print
/// (formatted by the service's own formatter, with the request scopes it is handed) and every span they
/// record (name, tags, events) is searched for the INSS of any test patient, in any of its written forms.
/// The collection fixtures fail the run on a finding when they are disposed.
/// </summary>
public static partial class InssCanary
{
    private static readonly ConcurrentDictionary<string, byte> Issued = new();
    private static readonly ConcurrentQueue<string> Findings = new();
    private static readonly ActivityListener Spans = Listen();

    public static void Issue(string inss) => Issued[inss] = 0;

    public static void Inspect(string where, string? text)
    {
        if (text is not null && Names(text, Issued.ContainsKey))
        {
            Findings.Enqueue($"{where}: {text[..Math.Min(text.Length, 300)]}");
        }
    }

    /// <summary>Whether the text writes one of the numbers, in any of its forms.</summary>
    public static bool Names(string? text, Func<string, bool> isPatient) =>
        !string.IsNullOrEmpty(text)
        && Number().Matches(text).Any(match => isPatient(new string([.. match.Value.Where(char.IsAsciiDigit)])));

    public static void AssertClean()
    {
        GC.KeepAlive(Spans);
        if (!Findings.IsEmpty)
        {
            // xunit shows a fixture's failure by its type alone: the findings go to the console as well.
            Console.Error.WriteLine("INSS CANARY: " + string.Join("\n", Findings.Take(10)));
        }
        Assert.True(Findings.IsEmpty, "A test patient's INSS reached a log line or a span:\n" + string.Join("\n", Findings.Take(10)));
    }

    public static ILoggerProvider Logs() => new LogProvider();

    private static ActivityListener Listen()
    {
        var listener = new ActivityListener
        {
            // The test's own HTTP client (the fault suite's load over real sockets) names patients in its URLs:
            // only what the service records is the canary's business.
            ShouldListenTo = source => source.Name != "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                Inspect($"span {activity.Source.Name}", activity.DisplayName);
                foreach (var (key, value) in activity.TagObjects)
                {
                    Inspect($"span {activity.DisplayName} tag {key}", value?.ToString());
                }
                foreach (var e in activity.Events)
                {
                    Inspect($"span {activity.DisplayName} event", e.Name);
                    foreach (var (key, value) in e.Tags)
                    {
                        Inspect($"span {activity.DisplayName} event tag {key}", value?.ToString());
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    // 11 digits, plain or written with separators (85.07.30-033.28, 850730 033 28).
    [GeneratedRegex(@"(?<!\d)\d{2}[.\- ]?\d{2}[.\- ]?\d{2}[.\- ]?\d{3}[.\- ]?\d{2}(?!\d)")]
    private static partial Regex Number();

    private sealed class LogProvider : ILoggerProvider, ISupportExternalScope
    {
        private readonly JsonLogFormatter formatter = new();
        private IExternalScopeProvider? scopes;

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

        public void Dispose() { }

        private sealed class Logger(LogProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider.scopes?.Push(state);

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                using var line = new StringWriter();
                provider.formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), provider.scopes, line);
                Inspect($"log {category}", line.ToString());
            }
        }
    }
}
