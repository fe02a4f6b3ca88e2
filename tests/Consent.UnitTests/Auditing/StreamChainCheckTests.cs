using System.Text;
using Consent.Service.Auditing;

namespace Consent.UnitTests.Auditing;

/// <summary>The chain names the first version that was changed, removed or inserted.</summary>
public sealed class StreamChainCheckTests
{
    private static readonly byte[][] Events = [.. Enumerable.Range(1, 5).Select(n => Encoding.UTF8.GetBytes($"event {n}"))];

    [Fact]
    public void An_intact_chain_is_verified_and_its_head_is_the_last_hash()
    {
        var (versions, hashes) = Chain();
        var result = Check(versions, Events, hashes, 5, hashes[^1]);
        Assert.True(result.Verified);
        Assert.Null(result.FirstBrokenVersion);
        Assert.Equal(HashChain.Hex(hashes[^1]), result.HeadHash);
    }

    [Fact]
    public void A_changed_event_breaks_at_its_version()
    {
        var (versions, hashes) = Chain();
        var changed = Events.ToArray();
        changed[2] = Encoding.UTF8.GetBytes("event 3, edited");
        Assert.Equal(3, Check(versions, changed, hashes, 5, hashes[^1]).FirstBrokenVersion);
    }

    [Fact]
    public void A_removed_event_breaks_at_its_version_even_in_the_middle_or_at_the_end()
    {
        var (versions, hashes) = Chain();
        int[] keep = [0, 2, 3, 4];
        Assert.Equal(2, Check([.. keep.Select(i => versions[i])], [.. keep.Select(i => Events[i])], [.. keep.Select(i => hashes[i])], 5, hashes[^1]).FirstBrokenVersion);
        Assert.Equal(5, Check(versions[..4], Events[..4], hashes[..4], 5, hashes[^1]).FirstBrokenVersion);
    }

    [Fact]
    public void The_genesis_is_32_zero_bytes_and_each_link_is_sha256_of_previous_and_canonical()
    {
        Assert.Equal(new byte[32], HashChain.Genesis.ToArray());
        var expected = System.Security.Cryptography.SHA256.HashData([.. new byte[32], .. Events[0]]);
        Assert.Equal(expected, HashChain.Next(HashChain.Genesis, Events[0]));
    }

    private static (long[] Versions, byte[][] Hashes) Chain()
    {
        var head = HashChain.Genesis.ToArray();
        var hashes = Events.Select(e => head = HashChain.Next(head, e)).ToArray();
        return ([1, 2, 3, 4, 5], hashes);
    }

    private static StreamIntegrity Check(long[] versions, byte[][] canonical, byte[][] hashes, long recordedVersion, byte[] recordedHead)
    {
        var check = new StreamChainCheck("s");
        for (var i = 0; i < versions.Length; i++)
        {
            check.Add(versions[i], canonical[i], hashes[i]);
        }
        return check.Finish(recordedVersion, recordedHead);
    }
}
