using Consent.Service.Access;
using Consent.Service.Auditing;
using Consent.Service.Hosting;
using Consent.Service.Hosting.OpenApi;
using Consent.Service.Patients.Api;
using Consent.Service.Providers;

if (args is ["import-providers", .. var importArgs])
{
    return await ProviderImportCommand.RunAsync(importArgs);
}
if (AuditCommands.Handles(args))
{
    return await BatchRuntime.RunAsync(args, () => AuditCommands.RunAsync(args));
}

var builder = WebApplication.CreateBuilder(args);
// The build's OpenAPI document step runs this entry point too (see DocumentGeneration): settings of its own, no background work.
var servicesBefore = builder.Services.Count;
if (DocumentGeneration.IsRunning)
{
    DocumentGeneration.UseOwnSettings(builder);
}
builder.AddConsentService();
builder.Services.AddAuditing();
if (DocumentGeneration.IsRunning)
{
    DocumentGeneration.WithoutBackgroundWork(builder.Services, servicesBefore);
}

var app = builder.Build();
app.UseMiddleware<ProblemMiddleware>();
app.UseStatusCodePages(async context =>
{
    var http = context.HttpContext;
    if (http.Response.ContentLength is null && string.IsNullOrEmpty(http.Response.ContentType))
    {
        var code = http.Response.StatusCode switch { 404 => "not-found", 405 => "method-not-allowed", _ => "invalid-request" };
        await Problems.WriteAsync(http, http.Response.StatusCode, code);
    }
});
app.UseMiddleware<CleanRequestTarget>();
app.UseAuthentication();
app.UseAuthorization();

app.MapHealth();
app.MapConsentMetrics();
app.MapOpenApi("/openapi/v1.json");
app.UseSwaggerUI(ui =>
{
    ui.RoutePrefix = "docs";
    ui.SwaggerEndpoint("/openapi/v1.json", "Consent API v1");
});

var auth = app.Services.GetRequiredService<AuthSettings>();
if (auth.DevTokens)
{
    app.MapDevTokens(auth);
}

// Only the five roles of api.md's table reach any route; a token with another role (or none) is 403 everywhere.
var v1 = app.MapGroup("/v1").RequireAuthorization(policy => policy.RequireClaim("role", Roles.All)).WithContractResponses();
var patients = v1.MapGroup("/patients").WithTags("Patients");
patients.MapPatientReads();
patients.MapConsent();
patients.MapRelations();
patients.MapExclusions();
patients.MapAccessLog();
patients.MapVisibility();
patients.MapAuditing();
v1.MapAccessDecisions();
v1.MapDirectory();
v1.MapProviderImport();

await app.RunAsync();
return 0;

public partial class Program;
