using Xunit.Abstractions;

namespace Consent.IntegrationTests.Faults;

/// <summary>What a fault sent, had acknowledged, found stored, saw published and logged: one line of numbers.</summary>
public sealed record FaultFigures(
    int RestSent, int RestAcked, int RestStored,
    int BusSent, int BusApplied, int BusDeadLettered,
    RelayFigures Relay,
    int DecisionsSent, int DecisionsAnswered, int DecisionsLogged,
    int ViewsChecked)
{
    public string Line(string fault, string? extra = null) =>
        $"{fault}: rest sent={RestSent} acked={RestAcked} stored={RestStored} | bus sent={BusSent} applied={BusApplied} " +
        $"dead-lettered={BusDeadLettered} | events stored={Relay.Stored} published={Relay.Published} repeats={Relay.Repeats}" +
        (Relay.Lost + Relay.OutOfOrder > 0 ? $" LOST={Relay.Lost} out-of-order streams={Relay.OutOfOrder} ({Relay.Detail})" : "") + " | " +
        $"decisions sent={DecisionsSent} answered={DecisionsAnswered} logged={DecisionsLogged} | views=replay {ViewsChecked}" +
        (extra is null ? "" : $" | {extra}");
}

/// <summary>
/// Prints a fault's line to the test output and appends it to a file that ./test.sh shows at the end
/// (CONSENT_FAULT_FIGURES), since a passing test's output is otherwise not shown.
/// </summary>
public static class FaultReport
{
    private static readonly Lock Gate = new();

    public static void Print(ITestOutputHelper output, string line)
    {
        output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("CONSENT_FAULT_FIGURES") is { Length: > 0 } file)
        {
            lock (Gate)
            {
                File.AppendAllText(file, line + Environment.NewLine);
            }
        }
    }
}
