using AirMonitor.Cli.Simulation;
using AirMonitor.Core.Stations;
using AirMonitor.Hosting;
using AirMonitor.Mqtt;
using AirMonitor.Testing;
using AirMonitor.Testing.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;

namespace AirMonitor.Cli.Tests;

[Collection(PipelineServers.Name)]
public sealed class FleetSimulationTests(PipelineFixture fixture)
{
    [Fact]
    public async Task Simulated_fleet_sends_exactly_the_asked_messages_and_every_one_is_acknowledged_and_stored()
    {
        var registry = ConfigurationFiles.LoadStationRegistry(Path.Combine(RepositoryFiles.Root, "firmware-config", "stations.yaml"));
        await using var ingest = await fixture.StartIngestAsync($"--Ingest:RegistryPath={Path.Combine(RepositoryFiles.Root, "firmware-config", "stations.yaml")}");
        var devices = FleetDevice.Pick(registry, 4);
        await using var fleet = new Fleet(devices, new MqttOptions { Url = fixture.Broker.Url.ToString() }, new FleetOptions { Messages = 25 }, NullLoggerFactory.Instance);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var result = await fleet.RunAsync(timeout.Token);

        Assert.True(result.AllAcknowledged, result.ToString());
        Assert.Equal((4, 100L, 100L, 0L, 0L), (result.Devices, result.Sent, result.Stored, result.Rejected, result.Unacknowledged));
        var perDevice = await ingest.QueryAsync("SELECT count(pm2_5) FROM air GROUP BY device");
        Assert.Equal(devices.Select(d => d.Id).Order(), perDevice.Select(s => s.Tags["device"]).Order());
        Assert.All(perDevice, s => Assert.Equal(25, s.GetInt64(0, "count")));
        var climate = Assert.Single(await ingest.QueryAsync("SELECT count(temperature) FROM air"));
        Assert.Equal(100, climate.GetInt64(0, "count"));

        // bkk-dindaeng-01 declares its sensors in stations.yaml: the fleet sends those, so not one sample is rejected.
        Assert.Equal("bkk-dindaeng-01", devices[0].Id);
        Assert.NotNull(devices[0].Sensors);
        Assert.DoesNotContain("airmon_ingest_rejects_total{", await ingest.MetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void Fleet_plays_registry_devices_first_then_unregistered_ones()
    {
        var registry = StationRegistry.Parse("""
            stations:
              - id: yok-naka
                name: Naka Ward
                kind: ambient
                city: yokohama
                district: Naka-ku
                latitude: 35.44
                longitude: 139.64
                devices: [yok-naka-01]
            """, "test");

        var devices = FleetDevice.Pick(registry, 3);

        Assert.Equal(
            [new FleetDevice("yok-naka-01", StationKind.Ambient, "yokohama"), new FleetDevice("sim-0001", StationKind.Ambient, "bangkok"), new FleetDevice("sim-0002", StationKind.Ambient, "bangkok")],
            devices);
    }
}
