using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Consent.IntegrationTests.Infrastructure;
using Consent.Service.Hosting;

namespace Consent.IntegrationTests.Patients;

/// <summary>Tokens that must not be accepted: 401 unauthenticated, whatever they claim.</summary>
[Collection(ServiceCollection.Name)]
public sealed class TokenTests(SharedService service)
{
    public static TheoryData<string> BadTokens() => ["no token", "bad signature", "alg none", "expired", "wrong audience", "wrong issuer", "garbage"];

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_is_401_unauthenticated(string kind)
    {
        var patient = TestPatients.Next();
        var claims = new DevTokens.TokenRequest("patient", patient.Value);
        var auth = service.Auth;
        var token = kind switch
        {
            "no token" => null,
            "bad signature" => DevTokens.Issue(new AuthSettings { Issuer = auth.Issuer, Audience = auth.Audience, SigningKey = new string('k', 64) }, claims),
            "alg none" => Unsigned(DevTokens.Issue(auth, claims)),
            "expired" => DevTokens.Issue(auth, claims, DateTime.UtcNow.AddMinutes(-5)),
            "wrong audience" => DevTokens.Issue(new AuthSettings { Issuer = auth.Issuer, Audience = "someone-else", SigningKey = auth.SigningKey }, claims),
            "wrong issuer" => DevTokens.Issue(new AuthSettings { Issuer = "evil", Audience = auth.Audience, SigningKey = auth.SigningKey }, claims),
            _ => "not.a.jwt",
        };
        var client = service.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await client.GetAsync($"/v1/patients/{patient}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("unauthenticated", await response.ProblemCode());
    }

    [Theory]
    [InlineData("sub", "auditor\u0000x")]
    [InlineData("name", "Ann\u202Eeve")]
    public async Task A_signed_token_whose_claim_holds_a_control_character_is_401(string claim, string value)
    {
        var patient = TestPatients.Next();
        var token = DevTokens.Issue(service.Auth, claim == "sub"
            ? new DevTokens.TokenRequest("auditor", Sub: value)
            : new DevTokens.TokenRequest("auditor", Name: value));
        var client = service.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await client.GetAsync($"/v1/patients/{patient}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("unauthenticated", await response.ProblemCode());
    }

    [Fact]
    public async Task A_valid_token_for_the_same_patient_is_accepted()
    {
        var patient = TestPatients.Next();
        var response = await service.Patient(patient).GetAsync($"/v1/patients/{patient}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Dev_tokens_are_issued_only_when_enabled()
    {
        var enabled = await service.CreateClient().PostJson("/dev/token", new { role = "auditor" });
        using var production = new ProductionLikeFactory();
        var disabled = await production.CreateClient().PostJson("/dev/token", new { role = "auditor" });

        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        Assert.False(string.IsNullOrEmpty((await enabled.Json()).Str("accessToken")));
        Assert.Equal(HttpStatusCode.NotFound, disabled.StatusCode);
    }

    [Fact]
    public async Task A_dev_token_names_the_represented_child_as_a_string_or_in_a_list()
    {
        var (parent, child, stranger) = (TestPatients.Next(), TestPatients.Next(), TestPatients.Next());
        foreach (var represents in new object[] { child.Value, new[] { child.Value } })
        {
            var issued = await service.CreateClient().PostJson("/dev/token", new { role = "patient", inss = parent.Value, represents });
            Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
            var client = service.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await issued.Json()).Str("accessToken"));

            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/patients/{child}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/v1/patients/{stranger}")).StatusCode);
        }

        var malformed = await service.CreateClient().PostJson("/dev/token", new { role = "patient", inss = parent.Value, represents = 17073003384 });
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("invalid-request", await malformed.ProblemCode());
    }

    // Same claims and signature, but the header says alg "none" and the signature is dropped.
    private static string Unsigned(string jwt)
    {
        var parts = jwt.Split('.');
        var header = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"alg":"none","typ":"JWT"}""")).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{header}.{parts[1]}.";
    }

    private sealed class ProductionLikeFactory : ServiceFactory
    {
        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var settings = base.Settings;
                settings["Auth:DevTokens"] = "false";
                settings["Demo:Seed"] = "false";
                return settings;
            }
        }
    }
}
