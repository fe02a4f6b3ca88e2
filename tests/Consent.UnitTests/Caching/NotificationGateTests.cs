using Consent.Service.Caching;

namespace Consent.UnitTests.Caching;

/// <summary>A cache empties itself whenever notifications stop or start, and never serves while it does.</summary>
public sealed class NotificationGateTests
{
    [Fact]
    public void Going_down_stops_serving_before_the_cache_empties()
    {
        var gate = new NotificationGate();
        gate.Switch(true, () => { });
        bool? servingWhileEmptying = null;

        gate.Switch(false, () => servingWhileEmptying = gate.IsOpen);

        Assert.False(servingWhileEmptying);
        Assert.False(gate.IsOpen);
    }

    [Fact]
    public void Coming_back_serves_only_after_what_was_loaded_meanwhile_is_gone()
    {
        var gate = new NotificationGate();
        bool? servingWhileEmptying = null;

        gate.Switch(true, () => servingWhileEmptying = gate.IsOpen);

        Assert.False(servingWhileEmptying);
        Assert.True(gate.IsOpen);
    }

    [Fact]
    public void Every_switch_empties_the_cache()
    {
        var gate = new NotificationGate();
        var emptied = 0;

        gate.Switch(true, () => emptied++);
        gate.Switch(false, () => emptied++);
        gate.Switch(false, () => emptied++);

        Assert.Equal(3, emptied);
    }
}
