using static Consent.UnitTests.Patients.TestData;

namespace Consent.UnitTests.Patients;

/// <summary>Relation.StatusAt: active when start &lt;= t &lt; end and not ended by t.</summary>
public sealed class RelationStatusTests
{
    private static readonly DateTimeOffset Start = Now;
    private static readonly DateTimeOffset End = Now.AddMonths(3);
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    private static Relation Make(DateTimeOffset? endedAt = null) =>
        new(Id(1), Gp, RelationType.Referral, Start, End, ProofType.EidReading,
            new ActorRef(ActorKinds.Provider, Gp.Value), Start, EndedAt: endedAt);

    [Fact]
    public void A_relation_is_future_before_its_start_and_active_from_its_start()
    {
        Assert.Equal(RelationStatus.Future, Make().StatusAt(Start - Tick));
        Assert.Equal(RelationStatus.Active, Make().StatusAt(Start));
        Assert.True(Make().IsActiveAt(Start));
        Assert.False(Make().IsActiveAt(Start - Tick));
    }

    [Fact]
    public void A_relation_is_active_until_just_before_its_end_and_expired_from_its_end()
    {
        Assert.Equal(RelationStatus.Active, Make().StatusAt(End - Tick));
        Assert.Equal(RelationStatus.Expired, Make().StatusAt(End));
        Assert.Equal(RelationStatus.Expired, Make().StatusAt(End.AddYears(5)));
    }

    [Fact]
    public void An_ended_relation_is_active_before_the_end_was_recorded_and_ended_from_then()
    {
        var endedAt = Start.AddDays(10);

        Assert.Equal(RelationStatus.Active, Make(endedAt).StatusAt(endedAt - Tick));
        Assert.Equal(RelationStatus.Ended, Make(endedAt).StatusAt(endedAt));
        Assert.Equal(RelationStatus.Ended, Make(endedAt).StatusAt(End.AddDays(1)));
    }

    [Fact]
    public void A_relation_ended_after_it_expired_is_expired_in_between()
    {
        var endedAt = End.AddDays(10);

        Assert.Equal(RelationStatus.Expired, Make(endedAt).StatusAt(End));
        Assert.Equal(RelationStatus.Ended, Make(endedAt).StatusAt(endedAt));
    }
}
