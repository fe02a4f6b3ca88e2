using System.Security.Cryptography;
using Npgsql;

namespace Consent.Service.Auditing;

/// <summary>What checking the access log's batch chain found.</summary>
public sealed record AccessLogIntegrity(long Batches, long Entries, bool Verified, long? FirstBrokenBatch, string? Problem);

/// <summary>
/// Replays the access log's batch chain: each batch's entries (in id order) must give its digest,
/// each batch must chain onto the one before, the numbers must run without gaps, and the head row
/// must name the last batch. A removed, changed or added entry breaks its batch; a removed batch, the next.
/// </summary>
public sealed class AccessLogVerifier(NpgsqlDataSource dataSource)
{
    public async Task<AccessLogIntegrity> CheckAsync(IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var digests = await DigestsAsync(progress, cancellationToken);
        var entries = digests.Values.Sum(d => (long)d.Count);
        if (digests.Remove(-1, out var loose))
        {
            return new AccessLogIntegrity(0, entries, false, null, $"{loose.Count} entries belong to no batch");
        }

        var previous = HashChain.Genesis.ToArray();
        var expected = 1L;
        await using (var command = dataSource.CreateCommand("select batch, hash from access_log_batches order by batch"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var batch = reader.GetInt64(0);
                var stored = reader.GetFieldValue<byte[]>(1);
                if (batch != expected)
                {
                    return Broken(expected, entries, $"batch {expected} is missing");
                }
                // A batch whose entries were all removed has the digest of nothing.
                var digest = digests.Remove(batch, out var d) ? d.Digest : SHA256.HashData([]);
                previous = HashChain.Next(previous, digest);
                if (!previous.AsSpan().SequenceEqual(stored))
                {
                    return Broken(batch, entries, $"batch {batch}'s entries or hash were changed");
                }
                expected++;
            }
        }
        if (digests.Count > 0)
        {
            var orphan = digests.Keys.Min();
            return Broken(orphan, entries, $"entries name batch {orphan}, which is not in the chain");
        }

        await using var head = dataSource.CreateCommand("select batch, hash from access_log_head");
        await using var headReader = await head.ExecuteReaderAsync(cancellationToken);
        if (!await headReader.ReadAsync(cancellationToken) || headReader.GetInt64(0) != expected - 1
            || !headReader.GetFieldValue<byte[]>(1).AsSpan().SequenceEqual(previous))
        {
            return Broken(expected, entries, "the chain's head does not name its last batch: batches were removed from the end");
        }
        return new AccessLogIntegrity(expected - 1, entries, true, null, null);
    }

    private static AccessLogIntegrity Broken(long batch, long entries, string problem) => new(batch - 1, entries, false, batch, problem);

    /// <summary>Each batch's digest over its stored entries; entries without a batch under -1.</summary>
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
}
