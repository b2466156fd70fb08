using System.Text.RegularExpressions;
using AirMonitor.Cli.Simulation;
using AirMonitor.Core.Stations;
using AirMonitor.Mqtt;
using AirMonitor.Testing.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;

namespace AirMonitor.Ingest.Tests;

[Collection(PipelineServers.Name)]
public sealed partial class SharedSubscriptionTests(PipelineFixture fixture)
{
    [Fact]
    public async Task Two_replicas_on_one_shared_subscription_split_the_readings_and_store_each_once()
    {
        await using var first = await fixture.StartIngestAsync("--Ingest:SharedSubscriptionGroup=ingest");
        await using var second = await fixture.StartIngestAsync("--Ingest:SharedSubscriptionGroup=ingest", $"--Influx:Database={first.Database}");
        var devices = FleetDevice.Pick(StationRegistry.Empty, 6);
        await using var fleet = new Fleet(devices, new MqttOptions { Url = fixture.Broker.Url.ToString() }, new FleetOptions { Messages = 40 }, NullLoggerFactory.Instance);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var result = await fleet.RunAsync(timeout.Token);

        Assert.True(result.AllAcknowledged, result.ToString());
        var perDevice = await first.QueryAsync("SELECT count(pm2_5) FROM air GROUP BY device");
        Assert.Equal(6, perDevice.Count);
        Assert.All(perDevice, s => Assert.Equal(40, s.GetInt64(0, "count")));
        var storedByFirst = Stored(await first.MetricsAsync());
        var storedBySecond = Stored(await second.MetricsAsync());
        Assert.Equal(240, storedByFirst + storedBySecond);
        Assert.True(storedByFirst > 0 && storedBySecond > 0, $"first {storedByFirst}, second {storedBySecond}");

        // Each replica's seq ledger is whole: what it stored itself plus what the other acknowledged.
        foreach (var replica in new[] { first, second })
        {
            var accounts = await replica.WaitForDevicesAsync(a => a.Count == 6 && a.All(d => d.Last == 39 && d.Missing == 0));
            Assert.Equal(devices.Select(d => d.Id).Order(StringComparer.Ordinal), accounts.Select(a => a.Device));
            Assert.All(accounts, a => Assert.Equal((0L, 39L, 0L, 0L), (a.First, a.Last, a.Missing, a.Repeats)));
        }
    }

    private static long Stored(string metrics) => long.Parse(StoredLine().Match(metrics).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"airmon_ingest_messages_total\{outcome=""stored""\} (\d+)")]
    private static partial Regex StoredLine();
}
