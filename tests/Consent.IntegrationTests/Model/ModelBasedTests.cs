using System.Net;
using System.Text.Json;
using Consent.Contracts.Identifiers;
using Consent.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Consent.IntegrationTests.Model;

/// <summary>
/// The service driven through REST by random command sequences for several patients at once, every answer
/// and every decision compared with <see cref="ReferenceModel"/> (written from domain.md and api.md, not from
/// the production code). A failing sequence is shrunk and printed as a scenario. CONSENT_MODEL_STEPS makes
/// the run longer (default 300 steps); CONSENT_MODEL_SEED replays one run.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class ModelBasedTests(SharedService service, ITestOutputHelper output)
{
    private const int Patients = 3;

    [Fact]
    public async Task The_service_answers_every_random_command_and_decision_as_the_model_does()
    {
        var steps = int.TryParse(Environment.GetEnvironmentVariable("CONSENT_MODEL_STEPS"), out var n) ? n : 300;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CONSENT_MODEL_SEED"), out var s) ? s : Random.Shared.Next();
        output.WriteLine($"seed {seed}, {steps} steps (CONSENT_MODEL_SEED={seed} replays this run)");
        var random = new Random(seed);
        var sequence = Enumerable.Range(0, steps).Select(_ => Step.Random(random)).ToList();

        var failure = await RunAsync(sequence);
        if (failure is null)
        {
            return;
        }
        // Shrink: drop steps while the sequence still fails (each try on fresh patients).
        var shrunk = sequence;
        for (var chunk = shrunk.Count / 2; chunk >= 1; chunk /= 2)
        {
            for (var start = 0; start + chunk <= shrunk.Count;)
            {
                var candidate = shrunk.Take(start).Concat(shrunk.Skip(start + chunk)).ToList();
                if (await RunAsync(candidate) is { } smaller)
                {
                    (shrunk, failure) = (candidate, smaller);
                }
                else
                {
                    start += chunk;
                }
            }
        }
        Assert.Fail($"seed {seed}: the service and the model disagree after this scenario ({shrunk.Count} of {steps} steps):\n"
            + string.Join("\n", shrunk.Select((st, i) => $"  {i + 1}. {st}")) + $"\n{failure}");
    }

    /// <summary>Runs a sequence on fresh patients; null when every answer agreed with the model, else what differed.</summary>
    private async Task<string?> RunAsync(IReadOnlyList<Step> sequence)
    {
        var patients = Enumerable.Range(0, Patients).Select(_ => TestPatients.Next()).ToArray();
        var models = patients.Select(_ => new ReferenceModel()).ToArray();
        for (var i = 0; i < sequence.Count; i++)
        {
            var step = sequence[i];
            var difference = await ApplyAsync(step, patients[step.Patient], models[step.Patient]);
            if (difference is not null)
            {
                return $"step {i + 1} ({step}): {difference}";
            }
        }
        return null;
    }

    private async Task<string?> ApplyAsync(Step step, Inss patient, ReferenceModel model)
    {
        var client = service.Patient(patient);
        var url = $"/v1/patients/{patient}";
        var provider = ReferenceModel.Providers[step.Provider];
        switch (step.Kind)
        {
            case Kind.GiveConsent:
            case Kind.RevokeConsent:
                {
                    var response = step.Kind == Kind.GiveConsent ? await client.PutJson($"{url}/consent") : await client.DeleteAsync($"{url}/consent");
                    var expected = model.Consent(step.Kind == Kind.GiveConsent);
                    var status = response.StatusCode == HttpStatusCode.OK ? (await response.Json()).Str("status") : null;
                    return Compare($"{(int)HttpStatusCode.OK} {expected}", $"{(int)response.StatusCode} {status}");
                }
            case Kind.AddRelation:
                {
                    var response = await client.PostJson($"{url}/relations", new { provider = provider.Nihdi, type = "patient-declared" });
                    var (expectedStatus, expectedId) = model.AddRelation(provider.Nihdi);
                    var id = response.IsSuccessStatusCode ? (await response.Json()).Str("id") : null;
                    model.Confirm(provider.Nihdi, id);
                    return Compare($"{expectedStatus} {expectedId ?? id}", $"{(int)response.StatusCode} {id}");
                }
            case Kind.EndRelation:
                {
                    var id = model.RelationToEnd(step.Pick);
                    var response = await client.DeleteAsync($"{url}/relations/{id ?? Guid.NewGuid().ToString()}");
                    var expected = model.EndRelation(id);
                    var code = response.IsSuccessStatusCode ? "" : await response.ProblemCode();
                    return Compare(expected, $"{(int)response.StatusCode} {code}".Trim());
                }
            case Kind.AddExclusion:
                {
                    var response = await client.PostJson($"{url}/exclusions", new { provider = provider.Nihdi });
                    return Compare(model.AddExclusion(provider.Nihdi).ToString(System.Globalization.CultureInfo.InvariantCulture), ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            case Kind.LiftExclusion:
                {
                    var response = await client.DeleteAsync($"{url}/exclusions/{provider.Nihdi}");
                    model.LiftExclusion(provider.Nihdi);
                    return Compare("204", ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            default:
                {
                    var documentType = step.Pick < ReferenceModel.DocumentTypes.Length ? ReferenceModel.DocumentTypes[step.Pick] : null;
                    var response = await service.Provider(provider.Nihdi).PostJson("/v1/access-decisions", new { patient = patient.Value, provider = provider.Nihdi, documentType });
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        return $"decision answered {(int)response.StatusCode}";
                    }
                    var json = await response.Json();
                    var (permit, reasons) = model.Decide(provider, documentType);
                    var actual = $"{json.Str("decision")} [{string.Join(",", json.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()))}]";
                    return Compare($"{(permit ? "permit" : "deny")} [{string.Join(",", reasons)}]", actual);
                }
        }
    }

    private static string? Compare(string expected, string actual) =>
        expected == actual ? null : $"the model expected '{expected}', the service answered '{actual}'";

    public enum Kind { GiveConsent, RevokeConsent, AddRelation, EndRelation, AddExclusion, LiftExclusion, Decide }

    public sealed record Step(int Patient, Kind Kind, int Provider, int Pick)
    {
        public static Step Random(Random random)
        {
            var roll = random.Next(100);
            var kind = roll switch
            {
                < 10 => Kind.GiveConsent,
                < 16 => Kind.RevokeConsent,
                < 30 => Kind.AddRelation,
                < 38 => Kind.EndRelation,
                < 46 => Kind.AddExclusion,
                < 54 => Kind.LiftExclusion,
                _ => Kind.Decide,
            };
            return new Step(random.Next(Patients), kind, random.Next(ReferenceModel.Providers.Length), random.Next(8));
        }

        public override string ToString() => Kind switch
        {
            Kind.GiveConsent => $"patient {Patient} gives consent",
            Kind.RevokeConsent => $"patient {Patient} revokes consent",
            Kind.AddRelation => $"patient {Patient} declares a relation with {ReferenceModel.Providers[Provider].Name}",
            Kind.EndRelation => $"patient {Patient} ends relation #{Pick} (or an unknown one)",
            Kind.AddExclusion => $"patient {Patient} excludes {ReferenceModel.Providers[Provider].Name}",
            Kind.LiftExclusion => $"patient {Patient} lifts the exclusion of {ReferenceModel.Providers[Provider].Name}",
            _ => $"{ReferenceModel.Providers[Provider].Name} asks about patient {Patient}"
                + (Pick < ReferenceModel.DocumentTypes.Length ? $" for {ReferenceModel.DocumentTypes[Pick]}" : ""),
        };
    }
}
