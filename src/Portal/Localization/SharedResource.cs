namespace Consent.Portal;

/// <summary>
/// Names the portal's one set of texts: Resources/SharedResource.resx (Dutch, the default),
/// SharedResource.fr.resx and SharedResource.en.resx.
/// </summary>
public sealed class SharedResource;
