using RabbitMQ.Client.Exceptions;

namespace Consent.IntegrationTests.Messaging;

/// <summary>The suite's own queue reader: a queue it cannot read is an error, never an empty queue.</summary>
[Collection(MessagingCollection.Name)]
public sealed class QueueReaderTests
{
    [Fact]
    public async Task Reading_a_queue_that_does_not_exist_fails_instead_of_reading_nothing()
    {
        await using var reader = new QueueReader($"test.missing.{Guid.NewGuid():N}");
        var error = await Assert.ThrowsAnyAsync<OperationInterruptedException>(() => reader.ReadAsync());
        Assert.Equal((ushort)404, error.ShutdownReason?.ReplyCode);
    }
}
