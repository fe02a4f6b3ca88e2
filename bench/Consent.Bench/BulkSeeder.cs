using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Npgsql;

namespace Consent.Bench;

/// <summary>
/// Seeds the bench population fast enough for a million patients: each chunk of patients is decided
/// and hashed in parallel (<see cref="SeededStream"/>), numbered with consecutive global positions in
/// patient order, and written by one of a few writers with binary COPY (<see cref="BulkCopy"/>), one
/// transaction per chunk. The database must not be written by anything else meanwhile: positions are
/// taken from the events sequence once, at the start, and the sequence is moved past them at the end.
/// </summary>
internal static class BulkSeeder
{
    private const int ChunkSize = 5_000;

    public static async Task<int> RunAsync(string connectionString, int patients, string targetsFile, int writers)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var population = new BenchPopulation();
        await BenchDatabase.PrepareAsync(dataSource, population);

        var clock = Stopwatch.StartNew();
        var firstPosition = await ScalarAsync(dataSource, "select nextval(pg_get_serial_sequence('events', 'position'))");
        // Few chunks in flight: a million patients' rows must not all sit in memory waiting for the writers.
        var chunks = Channel.CreateBounded<(SeededStream[] Streams, long FirstPosition)>(writers);
        var writing = Enumerable.Range(0, writers).Select(_ => Task.Run(() => WriteAsync(dataSource, chunks, patients, clock))).ToArray();
        var targets = new string[patients];
        var nextPosition = firstPosition;
        try
        {
            for (var start = 0; start < patients; start += ChunkSize)
            {
                var chunk = Build(population, start, Math.Min(ChunkSize, patients - start));
                foreach (var (stream, k) in chunk.Select((s, k) => (s, k)))
                {
                    targets[start + k] = stream.Target;
                }
                await chunks.Writer.WriteAsync((chunk, nextPosition));
                nextPosition += chunk.Sum(s => s.Events.Count);
            }
            chunks.Writer.TryComplete();
        }
        catch (ChannelClosedException)
        {
            // A writer failed and closed the channel: its exception is the one to report, below.
        }
        await Task.WhenAll(writing);

        // The next append takes the position after the last one seeded.
        await ScalarAsync(dataSource, $"select setval(pg_get_serial_sequence('events', 'position'), {Math.Max(nextPosition - 1, firstPosition)})");
        await File.WriteAllLinesAsync(targetsFile, targets);
        var events = nextPosition - firstPosition;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bulk-seeded {patients} patients ({events} events) and {population.Providers.Count} providers in {clock.Elapsed.TotalSeconds:F1} s ({patients / clock.Elapsed.TotalSeconds:F0} patients/s)"));
        return 0;
    }

    private static SeededStream[] Build(BenchPopulation population, int start, int count)
    {
        var now = DateTimeOffset.UtcNow;
        var chunk = new SeededStream[count];
        Parallel.For(0, count, k => chunk[k] = SeededStream.Build(population, start + k, now));
        return chunk;
    }

    private static async Task WriteAsync(NpgsqlDataSource dataSource, Channel<(SeededStream[] Streams, long FirstPosition)> chunks, int patients, Stopwatch clock)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            // A seed that dies is run again from scratch: waiting for each chunk's WAL flush buys nothing.
            await using (var command = new NpgsqlCommand("set synchronous_commit = off", connection))
            {
                await command.ExecuteNonQueryAsync();
            }
            await foreach (var (streams, firstPosition) in chunks.Reader.ReadAllAsync())
            {
                await BulkCopy.WriteAsync(connection, streams, firstPosition);
                Progress.Add(streams.Length, patients, clock);
            }
        }
        catch (Exception e)
        {
            chunks.Writer.TryComplete(e);
            throw;
        }
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Prints every 100,000 patients written, whichever writer crosses the mark.</summary>
    private static class Progress
    {
        private static long written;

        public static void Add(int count, int patients, Stopwatch clock)
        {
            var before = Interlocked.Add(ref written, count) - count;
            if ((before + count) / 100_000 > before / 100_000 || before + count == patients)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {before + count} patients written ({(before + count) / clock.Elapsed.TotalSeconds:F0}/s)"));
            }
        }
    }
}
