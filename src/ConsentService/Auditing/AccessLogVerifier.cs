using System.Security.Cryptography;
using Npgsql;

namespace Consent.Service.Auditing;

/// <summary>What checking the access log's batch chains found; a break names its lane and batch.</summary>
public sealed record AccessLogIntegrity(long Batches, long Entries, bool Verified, int? Lane = null, long? FirstBrokenBatch = null, string? Problem = null)
{
    /// <summary>
    /// Each lane's last batch and hash, when intact. Removing a lane's newest batches and rewinding its head to match
    /// leaves a consistent chain: only a head kept from an earlier check shows it, so the check prints them.
    /// </summary>
    public IReadOnlyList<(int Lane, long Batch, string Head)> Heads { get; init; } = [];
}

/// <summary>
/// Replays the access log's chains, one per lane: each batch's entries (in id order) must give its
/// digest, each batch must chain onto the one before in its lane, the numbers must run without gaps,
/// and the lane's head must name its last batch. A removed, changed or added entry breaks its batch;
/// a removed batch, the next one (or the head, at the end).
/// </summary>
public sealed class AccessLogVerifier(NpgsqlDataSource dataSource)
{
    private sealed record Batch(long Id, int Lane, long Seq, byte[] Hash);

    public async Task<AccessLogIntegrity> CheckAsync(IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var digests = await DigestsAsync(progress, cancellationToken);
        var entries = digests.Values.Sum(d => (long)d.Count);
        var lanes = await LanesAsync(cancellationToken);
        var batches = await BatchesAsync(cancellationToken);

        foreach (var lane in batches.Select(b => b.Lane).Concat(lanes.Keys).Distinct().Order())
        {
            var previous = HashChain.Genesis.ToArray();
            var expected = 1L;
            foreach (var batch in batches.Where(b => b.Lane == lane))
            {
                if (batch.Seq != expected)
                {
                    return new(batches.Count, entries, false, lane, expected, $"batch {expected} of lane {lane} is missing");
                }
                // A batch whose entries were all removed has the digest of nothing.
                var digest = digests.Remove(batch.Id, out var d) ? d.Digest : SHA256.HashData([]);
                previous = HashChain.Next(previous, digest);
                if (!previous.AsSpan().SequenceEqual(batch.Hash))
                {
                    return new(batches.Count, entries, false, lane, batch.Seq, "its entries or its hash were changed");
                }
                expected++;
            }
            if (!lanes.TryGetValue(lane, out var head) || head.Seq != expected - 1 || !head.Hash.AsSpan().SequenceEqual(previous))
            {
                return new(batches.Count, entries, false, lane, expected, $"lane {lane}'s head does not name its last batch: batches were removed from its end");
            }
        }
        if (digests.Count > 0)
        {
            var orphan = digests.Keys.Min();
            return new(batches.Count, entries, false, null, orphan, $"entries name batch id {orphan}, which is in no chain");
        }
        return new(batches.Count, entries, true)
        {
            Heads = [.. lanes.OrderBy(l => l.Key).Select(l => (l.Key, l.Value.Seq, HashChain.Hex(l.Value.Hash)))],
        };
    }

    /// <summary>Each batch's digest over its stored entries, by batch id.</summary>
    private async Task<Dictionary<long, (byte[] Digest, int Count)>> DigestsAsync(IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var digests = new Dictionary<long, (byte[] Digest, int Count)>();
        await using var command = dataSource.CreateCommand($"select {AccessLogRow.Columns} from access_log order by batch, id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long? current = null;
        var count = 0;
        var read = 0L;
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = AccessLogRow.Read(reader);
            var batch = row.Batch ?? -1;
            if (current is { } done && done != batch)
            {
                digests[done] = (hash.GetHashAndReset(), count);
                count = 0;
            }
            current = batch;
            hash.AppendData(row.Canonical);
            count++;
            if (++read % 1000 == 0)
            {
                progress?.Report(read);
            }
        }
        if (current is { } last)
        {
            digests[last] = (hash.GetHashAndReset(), count);
        }
        progress?.Report(read);
        return digests;
    }

    private async Task<Dictionary<int, (long Seq, byte[] Hash)>> LanesAsync(CancellationToken cancellationToken)
    {
        var lanes = new Dictionary<int, (long, byte[])>();
        await using var command = dataSource.CreateCommand("select lane, seq, hash from access_log_lanes");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            lanes[reader.GetInt32(0)] = (reader.GetInt64(1), reader.GetFieldValue<byte[]>(2));
        }
        return lanes;
    }

    private async Task<List<Batch>> BatchesAsync(CancellationToken cancellationToken)
    {
        var batches = new List<Batch>();
        await using var command = dataSource.CreateCommand("select id, lane, seq, hash from access_log_batches order by lane, seq");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            batches.Add(new Batch(reader.GetInt64(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetFieldValue<byte[]>(3)));
        }
        return batches;
    }
}
