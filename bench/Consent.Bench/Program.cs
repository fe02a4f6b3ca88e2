using System.Globalization;
using Consent.Bench;

// bench tool (bench/run.sh, bench/bus.sh): see Usage.
return args switch
{
    ["seed", var connection, var patients, var targets] => await BenchSeeder.RunAsync(connection, Number(patients), targets),
    ["bulk-seed", var connection, var patients, var targets, .. var rest] => await BulkSeeder.RunAsync(connection, Number(patients), targets, rest is [var writers] ? Number(writers) : 2),
    ["patients", var first, var count] => PrintPatients(Number(first), Number(count)),
    ["cache-footprint", var patients] => CacheFootprint.Run(Number(patients)),
    ["token", var role, .. var rest] => BenchToken.Print(role, rest.FirstOrDefault()),
    ["bus", var amqp, var user, var connection, var commands] => await BusBench.RunAsync(amqp, user, connection, Number(commands)),
    ["wait-consumer", var amqp, var queue] => await BusBench.WaitForConsumerAsync(amqp, queue),
    _ => Usage(),
};

static int Number(string text) => int.Parse(text, CultureInfo.InvariantCulture);

// New patients for the durable-command bench (bench/commands.lua), beyond the seeded ones.
static int PrintPatients(int first, int count)
{
    using var output = new StreamWriter(Console.OpenStandardOutput());
    for (var i = first; i < first + count; i++)
    {
        output.WriteLine(BenchPopulation.PatientNumber(i).Value);
    }
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("""
        usage: Consent.Bench
          seed <connection-string> <patients> <targets-file>               (one append per patient, the service's own path)
          bulk-seed <connection-string> <patients> <targets-file> [writers] (the same population with binary COPY)
          patients <first> <count>                                          (INSS numbers of the population, one a line)
          cache-footprint <patients>                                        (bytes per patient in the state cache, its read cost; no database)
          token <role> [institution]
          bus <amqp-uri> <broker-user> <connection-string> <commands>
          wait-consumer <amqp-uri> <queue>
        """);
    return 2;
}
