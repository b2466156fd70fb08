using AirMonitor.Cli.Simulation;

namespace AirMonitor.Cli.Tests;

public sealed class FleetTests
{
    [Theory]
    [InlineData(10, 8, 2, 0, 0, true)]
    [InlineData(10, 10, 0, 0, 0, true)]
    [InlineData(10, 10, 0, 0, 1, false)] // all counted, but one never acknowledged
    [InlineData(10, 9, 0, 1, 0, false)] // resent, no answer yet: Stored + Rejected falls short of Sent
    [InlineData(0, 0, 0, 0, 0, true)]
    public void A_run_is_all_acknowledged_only_when_every_sent_message_was_stored_or_rejected(long sent, long stored, long rejected, long resent, long unacknowledged, bool expected)
    {
        var result = new FleetResult(4, sent, stored, rejected, resent, unacknowledged, TimeSpan.FromSeconds(3));

        Assert.Equal(expected, result.AllAcknowledged);
    }

    [Fact]
    public void Without_a_registry_the_fleet_is_unregistered_Bangkok_ambient_devices_numbered_from_1()
    {
        var devices = FleetDevice.Pick(Core.Stations.StationRegistry.Empty, 3);

        Assert.Equal(["sim-0001", "sim-0002", "sim-0003"], devices.Select(d => d.Id));
        Assert.All(devices, d => Assert.Equal((Core.Stations.StationKind.Ambient, "bangkok"), (d.Kind, d.City)));
    }
}
