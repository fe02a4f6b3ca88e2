using System.Diagnostics;
using System.Net;
using Consent.IntegrationTests.Infrastructure;

namespace Consent.IntegrationTests.Security;

/// <summary>
/// The adversarial review's findings over REST (issue 12), each as a user or an attacker would try it.
/// Every one of these answered "yes", a 5xx or another caller's failure on the main before the fix.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class TrustTests(SharedService service)
{
    [Fact]
    public async Task Excluding_a_hospital_bars_its_staff_and_visible_to_agrees_with_the_decision()
    {
        var patient = TestPatients.Next();
        var self = service.Patient(patient);
        Assert.Equal(HttpStatusCode.OK, (await self.PutJson($"/v1/patients/{patient}/consent")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await service.His(Demo.AzDelta).PostJson(
            $"/v1/patients/{patient}/relations", new { provider = Demo.AzDelta, type = "hospitalisation" })).StatusCode);
        var before = await DecideAsync(service.His(Demo.AzDelta), patient.Value, Demo.Gp);
        Assert.Equal("permit", before.Str("decision"));

        Assert.Equal(HttpStatusCode.Created, (await self.PostJson($"/v1/patients/{patient}/exclusions", new { provider = Demo.AzDelta })).StatusCode);
        var staff = await DecideAsync(service.His(Demo.AzDelta), patient.Value, Demo.Gp);
        var visible = await (await self.GetAsync($"/v1/patients/{patient}/visible-to")).Json();

        Assert.Equal("deny", staff.Str("decision"));
        Assert.Equal(["no-therapeutic-relation"], staff.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(0, visible.GetProperty("providers").GetArrayLength());

        // A personal relation with someone who also works there still counts, and visible-to shows it.
        Assert.Equal(HttpStatusCode.Created, (await service.Provider(Demo.Gp).PostJson(
            $"/v1/patients/{patient}/relations", new { provider = Demo.Gp, type = "gmd" })).StatusCode);
        var personal = await DecideAsync(service.Provider(Demo.Gp), patient.Value, Demo.Gp);
        var visibleNow = await (await self.GetAsync($"/v1/patients/{patient}/visible-to")).Json();
        Assert.Equal("permit", personal.Str("decision"));
        Assert.Equal([Demo.Gp], visibleNow.GetProperty("providers").EnumerateArray().Select(p => p.GetProperty("provider").Str("nihdi")));
    }

    [Fact]
    public async Task A_caller_s_forbidden_character_fails_only_its_own_decision()
    {
        var patient = await ConsentedWithGpAsync();
        var gp = service.Provider(Demo.Gp);
        var bad = Enumerable.Range(0, 10).Select(_ => gp.PostJson("/v1/access-decisions",
            new { patient = patient.Value, provider = Demo.Gp, breakTheGlass = "emergency \u0000 in the ward now" }));
        var good = Enumerable.Range(0, 30).Select(_ => gp.PostJson("/v1/access-decisions", new { patient = patient.Value, provider = Demo.Gp }));

        var answers = await Task.WhenAll(bad.Concat(good));

        Assert.All(answers.Take(10), a => Assert.Equal(HttpStatusCode.BadRequest, a.StatusCode));
        Assert.All(answers.Skip(10), a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var log = await (await service.Auditor().GetAsync($"/v1/patients/{patient}/access-log?limit=100")).Json();
        Assert.Equal(30, log.GetArrayLength());
    }

    [Fact]
    public async Task A_provider_s_consent_write_reveals_neither_the_representative_nor_the_version()
    {
        var child = TestPatients.Next();
        var parent = TestPatients.Next();
        var representative = service.ClientFor("patient", parent.Value, represents: [child.Value]);
        Assert.Equal(HttpStatusCode.OK, (await representative.PutJson($"/v1/patients/{child}/consent")).StatusCode);

        var answer = await service.Provider(Demo.Gp).PutJson($"/v1/patients/{child}/consent");
        var body = await answer.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.DoesNotContain(parent.Value, body, StringComparison.Ordinal);
        Assert.DoesNotContain("changedBy", body, StringComparison.Ordinal);
        Assert.Null(answer.Headers.ETag);
        Assert.True(answer.Position() > 0);
        Assert.Equal("given", (await answer.Json()).Str("status"));
    }

    [Fact]
    public async Task A_provider_cannot_grant_itself_more_than_its_type_allows()
    {
        var patient = TestPatients.Next();
        var url = $"/v1/patients/{patient}/relations";
        var gp = service.Provider(Demo.Gp);

        var declared = await gp.PostJson(url, new
        {
            provider = Demo.Gp,
            type = "patient-declared",
            proof = "authentic-source",
            start = "1900-01-01T00:00:00Z",
            end = "9999-01-01T00:00:00Z",
        });
        var authenticProof = await gp.PostJson(url, new { provider = Demo.Gp, type = "gmd", proof = "authentic-source" });
        var backdated = await gp.PostJson(url, new { provider = Demo.Gp, type = "gmd", start = DateTimeOffset.UtcNow.AddDays(-3) });
        var tooLong = await gp.PostJson(url, new { provider = Demo.Gp, type = "gmd", end = DateTimeOffset.UtcNow.AddYears(3) });
        var wrongType = await gp.PostJson(url, new { provider = Demo.Gp, type = "pharmacy" });

        Assert.Equal(HttpStatusCode.BadRequest, declared.StatusCode);
        Assert.Equal("invalid-period", await declared.ProblemCode());
        Assert.Equal("forbidden", await authenticProof.ProblemCode());
        Assert.Equal("invalid-period", await backdated.ProblemCode());
        Assert.Equal("invalid-period", await tooLong.ProblemCode());
        Assert.Equal("forbidden", await wrongType.ProblemCode());
        var history = await (await service.Auditor().GetAsync($"/v1/patients/{patient}/history")).Json();
        Assert.Equal(0, history.GetProperty("events").GetArrayLength());
    }

    [Fact]
    public async Task Only_an_auditor_asks_about_another_instant()
    {
        var patient = await ConsentedWithGpAsync();
        var minuteAgo = DateTimeOffset.UtcNow.AddMinutes(-1);

        var provider = await service.Provider(Demo.Gp).PostJson("/v1/access-decisions", new { patient = patient.Value, provider = Demo.Gp, at = minuteAgo });
        var his = await service.His(Demo.AzDelta).PostJson("/v1/access-decisions", new { patient = patient.Value, provider = Demo.Gp, at = minuteAgo });
        var auditor = await service.Auditor().PostJson("/v1/access-decisions", new { patient = patient.Value, provider = Demo.Gp, at = minuteAgo });

        Assert.Equal(HttpStatusCode.Forbidden, provider.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, his.StatusCode);
        Assert.Equal(HttpStatusCode.OK, auditor.StatusCode);
        var log = await (await service.Auditor().GetAsync($"/v1/patients/{patient}/access-log")).Json();
        Assert.Equal(0, log.GetArrayLength());
    }

    [Fact]
    public async Task A_provider_s_at_that_is_now_is_answered_about_the_services_now_and_logged()
    {
        var patient = await ConsentedWithGpAsync();
        var asked = DateTimeOffset.UtcNow.AddSeconds(-5);

        var answer = await service.Provider(Demo.Gp).PostJson("/v1/access-decisions", new { patient = patient.Value, provider = Demo.Gp, at = asked });

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var decision = await answer.Json();
        Assert.Equal("permit", decision.Str("decision"));
        Assert.True(decision.GetProperty("at").GetDateTimeOffset() > asked, "the decision is about the service's now, not the instant sent");
        var log = await (await service.Auditor().GetAsync($"/v1/patients/{patient}/access-log")).Json();
        Assert.Equal(1, log.GetArrayLength());
    }

    [Theory]
    [InlineData("\u200B\u200B\u200B\u200B\u200B\u200B\u200B\u200B\u200B\u200B")]
    [InlineData("..........")]
    [InlineData("abc\u202Edefghijklm")]
    [InlineData("short")]
    public async Task A_break_the_glass_without_ten_letters_or_with_format_characters_is_refused_never_permitted(string justification)
    {
        var patient = TestPatients.Next();
        await service.Patient(patient).PutJson($"/v1/patients/{patient}/consent");

        var answer = await service.Provider(Demo.Physician).PostJson("/v1/access-decisions",
            new { patient = patient.Value, provider = Demo.Physician, breakTheGlass = justification });

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("invalid-request", await answer.ProblemCode());
    }

    [Theory]
    [InlineData("nurse")]
    [InlineData("")]
    [InlineData("Admin")]
    public async Task A_token_with_a_role_outside_the_table_reaches_no_route(string role)
    {
        var stranger = service.ClientFor(role);

        var search = await stranger.GetAsync("/v1/providers?q=dupre");
        var provider = await stranger.GetAsync($"/v1/providers/{Demo.Gp}");

        Assert.Equal((HttpStatusCode.Forbidden, "forbidden"), (search.StatusCode, await search.ProblemCode()));
        Assert.Equal((HttpStatusCode.Forbidden, "forbidden"), (provider.StatusCode, await provider.ProblemCode()));
        Assert.Equal(HttpStatusCode.OK, (await service.ClientFor("admin").GetAsync("/v1/providers?q=dupre")).StatusCode);
    }

    [Fact]
    public async Task Inputs_that_used_to_answer_500_are_refused_with_their_code()
    {
        var patient = TestPatients.Next();
        var self = service.Patient(patient);

        var farStart = await self.PostJson($"/v1/patients/{patient}/relations", new { provider = Demo.Gp, start = "9999-06-01T00:00:00Z" });
        var nulReason = await self.PostJson($"/v1/patients/{patient}/exclusions", new { provider = Demo.Gp, reason = "bad\u0000reason" });
        var nulSearch = await self.GetAsync("/v1/providers?q=du%00pre");
        var longKey = await self.PutJson($"/v1/patients/{patient}/consent", null, ("Idempotency-Key", new string('k', 7000)));
        var twoKeys = await self.PutJson($"/v1/patients/{patient}/consent", null, ("Idempotency-Key", "first"), ("Idempotency-Key", "second"));
        var nullInBatch = await service.Provider(Demo.Gp).PostJson("/v1/access-decisions/batch",
            new { requests = new object?[] { new { patient = patient.Value, provider = Demo.Gp }, null } });
        var badLimit = await self.GetAsync($"/v1/patients/{patient}/access-log?limit=99999999999");

        Assert.Equal(HttpStatusCode.BadRequest, farStart.StatusCode);
        Assert.Equal("invalid-period", await farStart.ProblemCode());
        Assert.Equal(HttpStatusCode.BadRequest, nulReason.StatusCode);
        Assert.Contains("reason", (await nulReason.Json()).Str("detail"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, nulSearch.StatusCode);
        Assert.Equal("invalid-request", await nulSearch.ProblemCode());
        Assert.Equal(HttpStatusCode.BadRequest, longKey.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, twoKeys.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, nullInBatch.StatusCode);
        Assert.Equal("requests[1] must not be null.", (await nullInBatch.Json()).Str("detail"));
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
        Assert.Equal("limit must be a whole number in range.", (await badLimit.Json()).Str("detail"));
        var history = await (await self.GetAsync($"/v1/patients/{patient}/history")).Json();
        Assert.Equal(0, history.GetProperty("events").GetArrayLength());
    }

    [Fact]
    public async Task A_min_position_from_the_future_is_refused_at_once()
    {
        var patient = await ConsentedWithGpAsync();
        var clock = Stopwatch.StartNew();

        var answer = await service.Provider(Demo.Gp).PostJson("/v1/access-decisions",
            new { patient = patient.Value, provider = Demo.Gp, minPosition = long.MaxValue });

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("invalid-position", await answer.ProblemCode());
        // "At once": not waiting for a position that will never come; a generous bound for a busy 2-core machine.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"answered after {clock.Elapsed}");
    }

    [Fact]
    public async Task A_min_position_in_the_query_string_counts_like_one_in_the_body()
    {
        var patient = await ConsentedWithGpAsync();
        var gp = service.Provider(Demo.Gp);
        var ask = new { patient = patient.Value, provider = Demo.Gp };
        var batch = new { requests = new[] { ask } };

        foreach (var route in new[] { "/v1/access-decisions", "/v1/access-decisions/batch" })
        {
            object body = route.EndsWith("batch", StringComparison.Ordinal) ? batch : ask;
            var future = await gp.PostJson($"{route}?minPosition={long.MaxValue}", body);
            Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
            Assert.Equal("invalid-position", await future.ProblemCode());
            var malformed = await gp.PostJson($"{route}?minPosition=soon", body);
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
            Assert.Equal("invalid-request", await malformed.ProblemCode());
            Assert.Equal(HttpStatusCode.OK, (await gp.PostJson($"{route}?minPosition=1", body)).StatusCode);
        }
    }

    [Fact]
    public async Task A_negative_min_position_is_refused_not_read_as_no_constraint()
    {
        var patient = await ConsentedWithGpAsync();
        var gp = service.Provider(Demo.Gp);

        var single = await gp.PostJson("/v1/access-decisions", new { patient = patient.Value, provider = Demo.Gp, minPosition = -1 });
        var inBatch = await gp.PostJson("/v1/access-decisions/batch",
            new { requests = new[] { new { patient = patient.Value, provider = Demo.Gp, minPosition = -5 } } });
        var forBatch = await gp.PostJson("/v1/access-decisions/batch",
            new { requests = new[] { new { patient = patient.Value, provider = Demo.Gp } }, minPosition = -1 });

        foreach (var answer in new[] { single, inBatch, forBatch })
        {
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            Assert.Equal("invalid-request", await answer.ProblemCode());
        }
        Assert.Equal("minPosition must be 0 or more.", (await single.Json()).Str("detail"));
        Assert.Equal("requests[0].minPosition must be 0 or more.", (await inBatch.Json()).Str("detail"));
    }

    [Fact]
    public async Task Parallel_writes_without_If_Match_all_succeed()
    {
        var patient = TestPatients.Next();
        var self = service.Patient(patient);
        var providers = Consent.Service.Providers.DemoProviders.All()
            .Select(p => p.Nihdi.Value).Where(n => n[0] is not '7' and not '8').Distinct().Take(20).ToList();
        Assert.Equal(20, providers.Count);

        var answers = await Task.WhenAll(providers.Select(p => self.PostJson($"/v1/patients/{patient}/relations", new { provider = p })));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        var relations = await (await self.GetAsync($"/v1/patients/{patient}/relations")).Json();
        Assert.Equal(20, relations.GetArrayLength());
    }

    [Fact]
    public async Task No_generated_string_with_control_or_format_characters_gives_a_5xx_or_a_permit()
    {
        var random = new Random(20261124);
        char[] hostile = ['\u0000', '\u0001', '\u001F', '\u007F', '\u0085', '\u009F', '\u200B', '\u200E', '\u202A', '\u202E', '\u2066', '\u2069', '\uFEFF'];
        var patient = await ConsentedWithGpAsync();
        var self = service.Patient(patient);
        for (var i = 0; i < 25; i++)
        {
            var text = new string([.. Enumerable.Range(0, 12).Select(_ => random.Next(3) == 0 ? hostile[random.Next(hostile.Length)] : (char)('a' + random.Next(26)))])
                + hostile[random.Next(hostile.Length)];
            var answers = new[]
            {
                await service.Provider(Demo.Physician).PostJson("/v1/access-decisions", new { patient = patient.Value, provider = Demo.Physician, breakTheGlass = text + "abcdefghij" }),
                await self.PostJson($"/v1/patients/{patient}/exclusions", new { provider = Demo.Nurse, reason = text }),
                await self.GetAsync($"/v1/providers?q={Uri.EscapeDataString(text)}"),
                await self.PostJson($"/v1/patients/{patient}/relations", new { provider = text }),
            };
            foreach (var answer in answers)
            {
                Assert.True((int)answer.StatusCode < 500, $"{answer.RequestMessage!.RequestUri} answered {(int)answer.StatusCode} for {Uri.EscapeDataString(text)}");
                if (answer.StatusCode == HttpStatusCode.OK && answer.RequestMessage.RequestUri!.AbsolutePath.EndsWith("access-decisions", StringComparison.Ordinal))
                {
                    Assert.NotEqual("permit", (await answer.Json()).Str("decision"));
                }
            }
            Assert.Equal(HttpStatusCode.BadRequest, answers[0].StatusCode);
            if (text.Any(InputRules.IsForbidden))
            {
                Assert.Equal(HttpStatusCode.BadRequest, answers[1].StatusCode);
            }
        }
    }

    private async Task<Consent.Contracts.Identifiers.Inss> ConsentedWithGpAsync()
    {
        var patient = TestPatients.Next();
        Assert.Equal(HttpStatusCode.OK, (await service.Patient(patient).PutJson($"/v1/patients/{patient}/consent")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await service.Provider(Demo.Gp).PostJson(
            $"/v1/patients/{patient}/relations", new { provider = Demo.Gp, type = "gmd" })).StatusCode);
        return patient;
    }

    private static async Task<System.Text.Json.JsonElement> DecideAsync(HttpClient client, string patient, string provider)
    {
        var response = await client.PostJson("/v1/access-decisions", new { patient, provider });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Json();
    }
}
