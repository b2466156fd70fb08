using System.Diagnostics;
using AirMonitor.AirQuality.Alerts;
using AirMonitor.Core.Contract;
using AirMonitor.Testing;
using AirMonitor.Testing.Pipeline;
using AirMonitor.Testing.Servers;

namespace AirMonitor.EndToEnd.Tests;

/// <summary>
/// The retained alert state outlives a broker crash: Mosquitto (the deployed settings, persistence on) is killed with -9
/// before its autosave, so its retained messages die with it, and the ingest publishes the state again once it is back.
/// Without the republish (the ingest of 0dabf82) no state arrives within the 30 s.
/// </summary>
[Collection(FaultSuite.Name)]
public sealed class RetainedAlertStateTests
{
    // deploy/mosquitto/airmon.conf: autosave_interval 60. The kill must come before the first autosave.
    private static readonly TimeSpan Autosave = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_station_firing_when_the_broker_is_killed_before_its_autosave_has_its_retained_firing_state_again_after_the_restart()
    {
        await using var broker = new MosquittoServer();
        await using var influx = new InfluxServer();
        var sinceBrokerStart = Stopwatch.StartNew();
        await Task.WhenAll(broker.StartAsync(), influx.StartAsync());
        await using var webhook = await WebhookReceiver.StartAsync();
        await using var ingest = new IngestServer(
        [
            $"--Mqtt:Url={broker.Url}", $"--Influx:Url={influx.Url}", "--Influx:Database=retained_alerts", "--Influx:FlushInterval=00:00:00.100",
            .. EpisodeDevice.AlertArguments(webhook.Url),
        ]);
        await ingest.StartAsync();

        AlertStationState published;
        await using (var before = await AlertTopicWatcher.StartAsync(broker.Url))
        {
            await using var device = await EpisodeDevice.ConnectAsync(broker.Url);
            await device.SendAsync(20, 20);
            await device.SendAsync(80, 40);
            await Poll.UntilAsync(() => before.Received.Count == 1, TimeSpan.FromSeconds(30), "the firing on MQTT");
            published = before.Received[0];
        }

        Assert.Equal((EpisodeDevice.Rule, AlertState.Firing), (published.Event.Rule, published.Event.State));
        Assert.True(sinceBrokerStart.Elapsed < Autosave - TimeSpan.FromSeconds(10), $"the episode took {sinceBrokerStart.Elapsed}: the broker may have saved it");
        broker.Kill();
        await broker.StartAsync();

        // Whether it arrives live (the ingest republishing) or retained (already republished), it is the state as published.
        await using (var after = await AlertTopicWatcher.StartAsync(broker.Url))
        {
            await Poll.UntilAsync(() => after.Received.Count > 0, TimeSpan.FromSeconds(30), "the station's alert state after the broker's restart");
            AssertSameState(published, after.Received[0]);
            Assert.Equal(Topics.Alerts(EpisodeDevice.Id), after.Topics.First());
        }

        // And it is retained: a subscriber arriving now gets it at once.
        await using var late = await AlertTopicWatcher.StartAsync(broker.Url);
        await Poll.UntilAsync(() => late.Received.Count > 0, TimeSpan.FromSeconds(2), "the retained alert state");
        AssertSameState(published, late.Received[0]);
    }

    /// <summary>The same event, with its own times (not the republish's), and the same alerts firing.</summary>
    private static void AssertSameState(AlertStationState expected, AlertStationState actual)
    {
        Assert.Equal(expected.Station, actual.Station);
        Assert.Equal(expected.Event, actual.Event);
        Assert.Equal(expected.Active, actual.Active);
        Assert.Equal([expected.Event.Id], actual.Active.Select(a => a.Id));
    }
}
