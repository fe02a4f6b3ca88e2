using System.Text.Json;
using Consent.Service.EventStore;

namespace Consent.IntegrationTests.EventStore;

internal static class StoreEvents
{
    public static readonly EventMetadata Metadata = new(new ActorRef("test", "conformance"), "test", "corr-1", "cause-1");

    public static NewEvent Numbered(int n) =>
        new(Guid.NewGuid(), "test-happened", JsonSerializer.SerializeToElement(new { n }), Metadata);

    public static string NewStream() => $"test-{Guid.NewGuid():N}";
}
