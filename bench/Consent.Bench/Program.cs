using Consent.Bench;

// bench tool: "seed <connection> <patients> <targets-file>", "token <role> [institution]" or
// "bus <amqp-uri> <broker-user> <connection> <commands>" (bench/bus.sh).
return args switch
{
    ["seed", var connection, var patients, var targets] => await BenchSeeder.RunAsync(connection, int.Parse(patients, System.Globalization.CultureInfo.InvariantCulture), targets),
    ["token", var role, .. var rest] => BenchToken.Print(role, rest.FirstOrDefault()),
    ["bus", var amqp, var user, var connection, var commands] => await BusBench.RunAsync(amqp, user, connection, int.Parse(commands, System.Globalization.CultureInfo.InvariantCulture)),
    ["wait-consumer", var amqp, var queue] => await BusBench.WaitForConsumerAsync(amqp, queue),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Consent.Bench seed <connection-string> <patients> <targets-file> | token <role> [institution] | bus <amqp-uri> <broker-user> <connection-string> <commands>");
    return 2;
}
