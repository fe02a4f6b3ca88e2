using Consent.IntegrationTests.Infrastructure;
using Consent.IntegrationTests.Messaging;
using Npgsql;

namespace Consent.IntegrationTests.Faults;

/// <summary>What reached consent.events: stored events, distinct ones received, repeats, never received, streams out of order.</summary>
public sealed record RelayFigures(int Stored, int Published, int Repeats, int Lost, int OutOfOrder, string Detail);

/// <summary>
/// Every committed event reaches consent.events at least once, in stream order per patient with no
/// gap: a queue of the fault's own, bound before any load, is read until every stored event id has
/// arrived (bounded wait), then each patient's first arrivals must be versions 1, 2, 3...
/// </summary>
public static class RelayCheck
{
    public static async Task<RelayFigures> VerifyAsync(FaultRig rig, QueueReader events)
    {
        var stored = new Dictionary<(string Patient, long Version), Guid>();
        await using (var command = rig.Database.CreateCommand("select stream_id, version, event_id from events"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                stored[(reader.GetString(0)["patient-".Length..], reader.GetInt64(1))] = reader.GetGuid(2);
            }
        }
        var deadline = DateTime.UtcNow + FaultChecks.Patience;
        var received = await events.ReadAsync();
        while (received.Select(m => m.Properties.MessageId).Distinct().Count() < stored.Count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            received = await events.ReadAsync();
        }
        var seen = received.Select(m => m.Properties.MessageId).ToHashSet();
        var missing = stored.Where(s => !seen.Contains(s.Value.ToString())).Select(s => s.Key).ToList();
        var problems = new List<string>();
        if (missing.Count > 0)
        {
            problems.Add($"{missing.Count} of {stored.Count} stored events not published within {FaultChecks.Patience.TotalSeconds:0}s "
                + $"(positions {await PositionsAsync(rig, missing)}; relay checkpoint {await CheckpointAsync(rig)})");
        }

        var outOfOrder = 0;
        foreach (var group in received.Select(m => (m.Properties.MessageId, m.Json)).GroupBy(m => m.Json.Str("patient")))
        {
            var firsts = new List<long>();
            foreach (var (messageId, json) in group)
            {
                var version = json.GetProperty("version").GetInt64();
                // Nothing is published that was not stored, and under its stored event id.
                Assert.Equal(stored[(group.Key, version)].ToString(), messageId);
                if (!firsts.Contains(version))
                {
                    firsts.Add(version);
                }
            }
            // At least once and in stream order: first arrivals 1, 2, 3... (repeats only of earlier ones).
            if (!firsts.SequenceEqual(Enumerable.Range(1, firsts.Count).Select(v => (long)v)))
            {
                outOfOrder++;
                var gap = firsts.Select((v, i) => (v, i)).First(x => x.v != x.i + 1).i;
                problems.Add($"stream {group.Key[..4]}..: version {firsts[gap]} arrived first after {(gap == 0 ? "nothing" : firsts[gap - 1])}");
            }
        }
        Assert.True(problems.Count == 0, string.Join("; ", problems.Take(5)));
        var distinct = seen.Count;
        return new RelayFigures(stored.Count, distinct, received.Count - distinct, missing.Count, outOfOrder, string.Join("; ", problems.Take(3)));
    }

    private static async Task<string> CheckpointAsync(FaultRig rig)
    {
        await using var command = rig.Database.CreateCommand("select last_tx::text || '/' || last_position from subscriptions where name = 'bus-relay'");
        return (string?)await command.ExecuteScalarAsync() ?? "(none)";
    }

    // The missing events' global positions as ranges, to see whether a whole relay batch went missing.
    private static async Task<string> PositionsAsync(FaultRig rig, List<(string Patient, long Version)> missing)
    {
        await using var command = rig.Database.CreateCommand("select position from events where stream_id = $1 and version = $2");
        var positions = new List<long>();
        foreach (var (patient, version) in missing.Take(2000))
        {
            command.Parameters.Clear();
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "patient-" + patient });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = version });
            positions.Add((long)(await command.ExecuteScalarAsync())!);
        }
        positions.Sort();
        var ranges = new List<string>();
        for (var i = 0; i < positions.Count;)
        {
            var j = i;
            while (j + 1 < positions.Count && positions[j + 1] == positions[j] + 1)
            {
                j++;
            }
            ranges.Add(i == j ? $"{positions[i]}" : $"{positions[i]}-{positions[j]}");
            i = j + 1;
        }
        return string.Join(",", ranges.Take(10));
    }
}
