namespace Consent.Portal;

/// <summary>
/// The entry point, in the portal's namespace rather than as top-level statements: those would add a
/// second global Program class beside the service's, which the browser tests reference together.
/// </summary>
public static class PortalProgram
{
    public static Task Main(string[] args) => PortalApp.Create(args).RunAsync();
}
