using Consent.Portal;

await PortalApp.Create(args).RunAsync();
