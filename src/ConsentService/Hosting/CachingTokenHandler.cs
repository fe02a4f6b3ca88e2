using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Consent.Service.Hosting;

/// <summary>
/// Validates bearer tokens like <see cref="JsonWebTokenHandler"/>, but remembers the tokens it found
/// valid. A hospital system sends the same token with every one of thousands of decisions a minute,
/// and checking its signature and claims each time was a tenth of the decision path's CPU. The key is
/// the whole token, signature included, so only a byte-identical token is ever accepted from memory;
/// an entry lives no longer than the token's own expiry, nor more than a few minutes, so a signing
/// key withdrawn at the identity provider stops being honoured soon after.
/// </summary>
internal sealed class CachingTokenHandler : JsonWebTokenHandler
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);
    private const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, Validated> validated = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = DateTime.UtcNow;
        if (validated.TryGetValue(token, out var known) && now < known.Until)
        {
            // Each request gets its own identity, so nothing one request does to it leaks into another.
            return new TokenValidationResult
            {
                IsValid = true,
                ClaimsIdentity = known.Identity.Clone(),
                SecurityToken = known.Token,
                Issuer = known.Token.Issuer,
                TokenType = known.TokenType,
            };
        }
        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is { } securityToken)
        {
            Remember(token, new Validated(result.ClaimsIdentity.Clone(), securityToken, result.TokenType, Until(securityToken, now)));
        }
        return result;
    }

    private static DateTime Until(SecurityToken token, DateTime now) =>
        token.ValidTo > now + MaxAge ? now + MaxAge : token.ValidTo;

    private void Remember(string token, Validated entry)
    {
        if (validated.Count >= Capacity)
        {
            var now = DateTime.UtcNow;
            foreach (var (key, value) in validated)
            {
                if (value.Until <= now) { validated.TryRemove(key, out _); }
            }
            if (validated.Count >= Capacity) { validated.Clear(); }
        }
        validated[token] = entry;
    }

    private sealed record Validated(System.Security.Claims.ClaimsIdentity Identity, SecurityToken Token, string? TokenType, DateTime Until);
}
