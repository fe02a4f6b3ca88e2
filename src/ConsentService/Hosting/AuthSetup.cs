using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Consent.Service.Hosting;

/// <summary>Bearer-token authentication: answers 401/403 as problem documents with their codes.</summary>
public static class AuthSetup
{
    /// <summary>How far a caller's clock may be from the service's: for a token's lifetime, and for a decision's "now".</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    public static IServiceCollection AddConsentAuth(this IServiceCollection services, AuthSettings settings)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            options.TokenHandlers.Clear();
            options.TokenHandlers.Add(new CachingTokenHandler { MapInboundClaims = false });
            if (settings.Authority is not null)
            {
                options.Authority = settings.Authority;
            }
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = settings.Issuer,
                ValidAudience = settings.Audience,
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ClockSkew = AuthSetup.ClockSkew,
                NameClaimType = "sub",
                RoleClaimType = "role",
                IssuerSigningKey = settings.Authority is null
                    ? new SymmetricSecurityKey(Encoding.UTF8.GetBytes(settings.EffectiveSigningKey))
                    : null,
                ValidAlgorithms = settings.Authority is null ? [SecurityAlgorithms.HmacSha256] : null,
            };
            options.Events = new JwtBearerEvents
            {
                OnChallenge = context =>
                {
                    context.HandleResponse();
                    return Problems.WriteAsync(context.HttpContext, 401, "unauthenticated", "A valid bearer token is required.");
                },
                OnForbidden = context => Problems.WriteAsync(context.HttpContext, 403, "forbidden", "This caller may not do this."),
                // A claim the service reads is input too (api.md's input rules): a subject with a NUL would be refused by
                // the access log's store at every audited read, answering 503 instead of saying the token is bad. Claims
                // it never reads (an OIDC address's line breaks, say) are not its business.
                OnTokenValidated = context =>
                {
                    if (context.Principal?.Claims.Any(c => Caller.ClaimTypes.Contains(c.Type) && !InputRules.IsClean(c.Value)) == true)
                    {
                        context.Fail("A claim holds a control character.");
                    }
                    return Task.CompletedTask;
                },
            };
        });
        services.AddAuthorization();
        return services;
    }
}
