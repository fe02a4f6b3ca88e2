using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Consent.Service.Hosting;

/// <summary>
/// Issues signed tokens for the local profile and tests (Auth:DevTokens). Elsewhere the route is
/// never mapped, so it answers 404 like any unknown path.
/// </summary>
public static class DevTokens
{
    public sealed record TokenRequest(string Role, string? Inss = null, string? Nihdi = null,
        [property: System.Text.Json.Serialization.JsonConverter(typeof(OneOrManyStrings))] string[]? Represents = null,
        string? Institution = null, string? Name = null, string? Sub = null);

    public sealed record TokenResponse(string AccessToken, int ExpiresIn);

    public static void MapDevTokens(this IEndpointRouteBuilder app, AuthSettings settings)
    {
        app.MapPost("/dev/token", async (HttpRequest request) =>
        {
            var body = await RequestBody.ReadAsync<TokenRequest>(request);
            if (!Roles.All.Contains(body.Role))
            {
                throw RefusedException.InvalidRequest("role must be patient, provider, his, auditor or admin.");
            }
            return TypedResults.Ok(new TokenResponse(Issue(settings, body), settings.DevTokenMinutes * 60));
        }).AllowAnonymous().ExcludeFromDescription(); // a local-profile convenience, not part of the public contract
    }

    public static string Issue(AuthSettings settings, TokenRequest request, DateTime? expires = null)
    {
        var claims = new List<Claim> { new("role", request.Role), new("sub", request.Sub ?? $"{request.Role}:{request.Inss ?? request.Nihdi ?? request.Institution ?? "dev"}") };
        AddIf(claims, "inss", request.Inss);
        AddIf(claims, "nihdi", request.Nihdi);
        AddIf(claims, "institution", request.Institution);
        AddIf(claims, "name", request.Name);
        foreach (var represented in request.Represents ?? [])
        {
            claims.Add(new Claim("represents", represented));
        }
        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(settings.EffectiveSigningKey));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Expires = expires ?? DateTime.UtcNow.AddMinutes(settings.DevTokenMinutes),
            NotBefore = expires is { } e && e < DateTime.UtcNow ? e.AddMinutes(-10) : null,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }

    private static void AddIf(List<Claim> claims, string type, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            claims.Add(new Claim(type, value));
        }
    }
}
