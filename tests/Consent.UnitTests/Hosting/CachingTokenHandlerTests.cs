using System.Security.Claims;
using System.Text;
using Consent.Service.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Consent.UnitTests.Hosting;

/// <summary>Remembering valid tokens never accepts one that a full validation would refuse.</summary>
public sealed class CachingTokenHandlerTests
{
    private static readonly AuthSettings Settings = new();

    private static TokenValidationParameters Parameters() => new()
    {
        ValidIssuer = Settings.Issuer,
        ValidAudience = Settings.Audience,
        RequireExpirationTime = true,
        ClockSkew = TimeSpan.Zero,
        IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Settings.EffectiveSigningKey)),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        RoleClaimType = "role",
    };

    private static string Token(DateTime? expires = null) =>
        DevTokens.Issue(Settings, new DevTokens.TokenRequest("his", Institution: "71000139000"), expires);

    [Fact]
    public async Task A_remembered_token_is_refused_once_it_has_expired()
    {
        // The token must be validated (and remembered) twice before it expires: on a slow machine a short
        // lifetime may already be over, so the lifetime doubles until the two validations fit inside it.
        for (var lifetime = 2; ; lifetime *= 2)
        {
            var handler = new CachingTokenHandler { MapInboundClaims = false };
            var expires = DateTime.UtcNow.AddSeconds(lifetime);
            var token = Token(expires);
            var first = (await handler.ValidateTokenAsync(token, Parameters())).IsValid;
            var second = (await handler.ValidateTokenAsync(token, Parameters())).IsValid;
            if (DateTime.UtcNow > expires.AddSeconds(-1))
            {
                Assert.True(lifetime < 64, "the machine is too slow to validate a token twice in a minute");
                continue;
            }
            Assert.True(first);
            Assert.True(second);

            // Wait for the clock to pass the expiry (JWT exp has whole seconds), then ask again.
            while (DateTime.UtcNow < expires.AddSeconds(1))
            {
                await Task.Delay(100);
            }

            Assert.False((await handler.ValidateTokenAsync(token, Parameters())).IsValid);
            return;
        }
    }

    [Fact]
    public async Task A_token_with_the_same_claims_and_another_signature_is_refused_after_the_genuine_one_was_remembered()
    {
        var handler = new CachingTokenHandler { MapInboundClaims = false };
        var token = Token();
        Assert.True((await handler.ValidateTokenAsync(token, Parameters())).IsValid);

        var forged = token[..(token.LastIndexOf('.') + 1)] + Convert.ToBase64String(new byte[32]).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        Assert.False((await handler.ValidateTokenAsync(forged, Parameters())).IsValid);
    }

    [Fact]
    public async Task Each_request_gets_its_own_identity_with_the_token_claims()
    {
        var handler = new CachingTokenHandler { MapInboundClaims = false };
        var token = Token();
        (await handler.ValidateTokenAsync(token, Parameters())).ClaimsIdentity.AddClaim(new Claim("role", "admin"));
        var remembered = await handler.ValidateTokenAsync(token, Parameters());
        remembered.ClaimsIdentity.AddClaim(new Claim("role", "admin"));

        var next = await handler.ValidateTokenAsync(token, Parameters());

        Assert.True(next.IsValid);
        Assert.Equal(["his"], next.ClaimsIdentity.FindAll("role").Select(c => c.Value));
        Assert.Equal("71000139000", next.ClaimsIdentity.FindFirst("institution")?.Value);
    }
}
