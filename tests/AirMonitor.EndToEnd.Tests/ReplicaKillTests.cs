using AirMonitor.Cli.Simulation;
using AirMonitor.Core.Stations;
using AirMonitor.Mqtt;
using AirMonitor.Testing.Servers;
using Microsoft.Extensions.Logging.Abstractions;

namespace AirMonitor.EndToEnd.Tests;

/// <summary>Two ingest processes behind one shared subscription (docs/architecture.md, "Scale-out"); one is killed with -9 and stays dead.</summary>
[Collection(FaultSuite.Name)]
public sealed class ReplicaKillTests
{
    private const string Database = "replicas";

    [Fact]
    public async Task When_one_of_two_replicas_is_killed_the_other_stores_everything_once_and_its_ledger_is_whole()
    {
        await using var broker = new MosquittoServer();
        await using var influx = new InfluxServer();
        await Task.WhenAll(broker.StartAsync(), influx.StartAsync());
        await using var survivor = Replicas.Ingest("a", broker, influx, Database);
        await using var victim = Replicas.Ingest("b", broker, influx, Database);
        await Task.WhenAll(survivor.StartAsync(), victim.StartAsync());

        var generated = new GeneratedReadings();
        await using var fleet = new Fleet(
            FleetDevice.Pick(StationRegistry.Empty, 8),
            new MqttOptions { Url = broker.Url.ToString() },
            new FleetOptions { Interval = TimeSpan.FromMilliseconds(200), AckTimeout = TimeSpan.FromSeconds(3), Generated = generated.Add },
            NullLoggerFactory.Instance);
        using var sending = new CancellationTokenSource();
        var run = fleet.RunAsync(sending.Token, settleTimeout: TimeSpan.FromSeconds(60));

        await Task.Delay(TimeSpan.FromSeconds(4 + Random.Shared.NextDouble() * 2));
        var storedByVictim = await victim.MetricAsync("airmon_ingest_messages_total{outcome=\"stored\"}");
        victim.Kill();
        await Task.Delay(TimeSpan.FromSeconds(8));
        await sending.CancelAsync();
        var result = await run;

        Assert.True(storedByVictim > 0, "the killed replica had stored nothing: it was not sharing the work");
        Assert.True(result.AllAcknowledged, $"{result}; survivor log:\n{survivor.ReadLog()}");
        var stored = await generated.CompareAsync(influx, Database);
        Assert.Empty(stored.Unexpected);
        Assert.Equal((stored.Generated, 0), (stored.Matched, stored.Lost));

        // The survivor's ledger holds what it stored and what the victim acknowledged before it died.
        generated.AssertLedgerWhole(await survivor.DevicesAsync());
    }
}
