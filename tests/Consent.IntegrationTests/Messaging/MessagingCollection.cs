using Consent.IntegrationTests.Infrastructure;

namespace Consent.IntegrationTests.Messaging;

/// <summary>
/// The bus tests share one service and run alone: some stop the broker or the database, and all of
/// them read the shared dead-letter queue, which no other test may touch meanwhile.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MessagingCollection : ICollectionFixture<SharedService>
{
    public const string Name = "messaging";
}
