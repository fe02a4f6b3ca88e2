using Consent.Bench;

// bench tool: "seed <connection> <patients> <targets-file>" or "token <role> [institution]".
return args switch
{
    ["seed", var connection, var patients, var targets] => await BenchSeeder.RunAsync(connection, int.Parse(patients, System.Globalization.CultureInfo.InvariantCulture), targets),
    ["token", var role, .. var rest] => BenchToken.Print(role, rest.FirstOrDefault()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Consent.Bench seed <connection-string> <patients> <targets-file> | token <role> [institution]");
    return 2;
}
