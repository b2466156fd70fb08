using System.Globalization;
using AirMonitor.AirQuality.Alerts;
using AirMonitor.Core.Contract;
using AirMonitor.Influx;
using AirMonitor.Ingest.Alerts.Sinks;
using AirMonitor.Testing.Pipeline;
using AirMonitor.Testing.Servers;

namespace AirMonitor.EndToEnd.Tests;

/// <summary>
/// A PM2.5 episode through real Mosquitto, the real ingest (a child process, restarted mid-episode) and real InfluxDB:
/// each sink (the retained MQTT topic, a webhook, the <c>alert_event</c> measurement) gets exactly one firing and one
/// resolved event.
/// </summary>
[Collection(FaultSuite.Name)]
public sealed class AlertEpisodeTests
{
    private const string Database = "alerts";
    private const string Device = EpisodeDevice.Id;

    [Fact]
    public async Task A_PM_episode_fires_once_and_resolves_once_on_every_sink_across_an_ingest_restart()
    {
        await using var broker = new MosquittoServer();
        await using var influx = new InfluxServer();
        await Task.WhenAll(broker.StartAsync(), influx.StartAsync());
        await using var webhook = await WebhookReceiver.StartAsync();
        await using var topic = await AlertTopicWatcher.StartAsync(broker.Url);
        await using var ingest = new IngestServer(
        [
            $"--Mqtt:Url={broker.Url}", $"--Influx:Url={influx.Url}", $"--Influx:Database={Database}", "--Influx:FlushInterval=00:00:00.100",
            .. EpisodeDevice.AlertArguments(webhook.Url),
        ]);
        await ingest.StartAsync();
        await using var device = await EpisodeDevice.ConnectAsync(broker.Url);

        await device.SendAsync(20, 20);
        await device.SendAsync(80, 40);
        var firing = await webhook.NextAsync(TimeSpan.FromSeconds(20));

        // Mid-episode: the ingest stops (systemd restart) while the episode fires on, and comes back on the same state.
        await ingest.StopAsync();
        await device.SendAsync(80, 20);
        await ingest.StartAsync();
        await device.SendAsync(80, 20);
        await device.SendAsync(20, 40);
        var resolved = await webhook.NextAsync(TimeSpan.FromSeconds(20));
        await device.SendAsync(20, 20);
        await Task.Delay(TimeSpan.FromSeconds(2));

        // Webhook: two signed deliveries of one episode, nothing more.
        var hooks = new[] { firing, resolved }.Concat(await webhook.AllAsync()).ToList();
        var events = hooks.Select(h => AlertJson.DecodeEvent(h.Body)).ToList();
        Assert.Equal([(EpisodeDevice.Rule, AlertState.Firing), (EpisodeDevice.Rule, AlertState.Resolved)], events.Select(e => (e.Rule, e.State)));
        Assert.Equal(events[0].Id, events[1].Id);
        Assert.All(hooks, h => Assert.True(WebhookSignature.Verify(EpisodeDevice.WebhookSecret,
            long.Parse(h.Header("X-AirMonitor-Timestamp"), CultureInfo.InvariantCulture), h.Body, h.Header("X-AirMonitor-Signature"))));
        Assert.True(events[0].Value > 50);
        Assert.True(events[1].Value <= 30);
        Assert.Equal((Device, AlertSeverity.Critical), (events[0].Station, events[0].Severity));

        // MQTT: the same two events, retained on the station's topic with its state after each. The restarted ingest
        // publishes the firing state again (the same bytes: a repeat of the state, not an event).
        var published = topic.Changes;
        Assert.Equal(events.Select(e => (e.Id, e.State)), published.Select(p => (p.Event.Id, p.Event.State)));
        Assert.Equal([events[0].Id], published[0].Active.Select(a => a.Id));
        Assert.Empty(published[1].Active);
        Assert.Equal(Topics.Alerts(Device), topic.Topics.Distinct().Single());

        // InfluxDB: one point per event, at its data time.
        var query = new InfluxQueryClient(new HttpClient(), new InfluxOptions { Url = influx.Url.ToString(), Database = Database });
        var series = await query.QueryAsync("""SELECT "id","value" FROM "alert_event" WHERE "rule" = 'pm-episode' GROUP BY "state" """);
        Assert.Equal(
            events.Select(e => (e.State.TagValue(), e.At, e.Id)).Order(),
            series.SelectMany(s => Enumerable.Range(0, s.Values.Count).Select(row => (s.Tags["state"], s.GetTime(row), s.GetString(row, "id")!))).Order());

        // The derived hourly means agree with InfluxDB's own aggregation of the stored readings; a couple of minutes of
        // readings cover too little of the hour for the station's hourly value (75 %), so the index has none.
        var ownMeans = (await query.QueryAsync($"SELECT mean(pm2_5) AS pm2_5 FROM air WHERE station = '{Device}' AND time > now() - 2h GROUP BY time(1h) fill(none)")).Single();
        var hourly = (await query.QueryAsync($"SELECT pm2_5, capture FROM air_hourly WHERE station = '{Device}'")).Single();
        Assert.Equal(
            Enumerable.Range(0, ownMeans.Values.Count).Select(row => (ownMeans.GetTime(row), Math.Round(ownMeans.GetDouble(row, "pm2_5")!.Value, 3))),
            Enumerable.Range(0, hourly.Values.Count).Select(row => (hourly.GetTime(row), hourly.GetDouble(row, "pm2_5")!.Value)));
        Assert.All(Enumerable.Range(0, hourly.Values.Count), row => Assert.InRange(hourly.GetDouble(row, "capture")!.Value, 0.001, 0.1));
        var index = (await query.QueryAsync($"SELECT * FROM air_index WHERE station = '{Device}'")).Single();
        Assert.DoesNotContain("pm2_5", index.Columns);
    }
}
