// The ceiling every figure is judged against: the smallest ASP.NET Core app, on the same machine,
// measured by the same wrk in the same run.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapGet("/plaintext", () => Results.Text("Hello, World!"));
app.Run();
