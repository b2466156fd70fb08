using System.Collections.Concurrent;
using System.Globalization;
using AirMonitor.Core.Alerts;
using AirMonitor.Core.Contract;
using AirMonitor.Influx;
using AirMonitor.Ingest.Alerts.Sinks;
using AirMonitor.Mqtt;
using AirMonitor.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Protocol;

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
    private const string Device = "e2e-station-01";
    private const string Secret = "e2e-webhook-secret-0123456789";

    [Fact]
    public async Task A_PM_episode_fires_once_and_resolves_once_on_every_sink_across_an_ingest_restart()
    {
        await using var broker = new MosquittoServer();
        await using var influx = new InfluxServer();
        await Task.WhenAll(broker.StartAsync(), influx.StartAsync());
        await using var webhook = await WebhookReceiver.StartAsync();
        await using var topic = await AlertTopicWatcher.StartAsync(broker.Url);
        await using var ingest = new IngestServer(
            $"--Mqtt:Url={broker.Url}", $"--Influx:Url={influx.Url}", $"--Influx:Database={Database}", "--Influx:FlushInterval=00:00:00.100",
            "--Ingest:DeriveInterval=00:00:00.300",
            "--Alerts:Rules:0:Name=pm-episode", "--Alerts:Rules:0:Metric=pm2_5", "--Alerts:Rules:0:Window=latest",
            "--Alerts:Rules:0:Threshold=50", "--Alerts:Rules:0:Clear=30", "--Alerts:Rules:0:MinDuration=00:00:01", "--Alerts:Rules:0:Severity=Critical",
            $"--Alerts:Webhook:Url={webhook.Url}", $"--Alerts:Webhook:Secret={Secret}");
        await ingest.StartAsync();
        await using var device = new MqttConnection(new MqttOptions { Url = broker.Url.ToString() }, Device, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var connected = device.RunAsync((_, _) => Task.CompletedTask, stop.Token);
        await device.WaitConnectedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        var seq = 0L;
        async Task SendAsync(double pm2_5, int count)
        {
            for (var i = 0; i < count; i++, seq++)
            {
                var sample = new Sample(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), "pms5003", new Dictionary<string, double> { ["pm2_5"] = pm2_5 + (i % 2) });
                await device.Client.PublishAsync(new MqttApplicationMessageBuilder()
                    .WithTopic(Topics.Readings(Device))
                    .WithPayload(WireCodec.Encode(new ReadingBatch(Device, seq, [sample])))
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .Build());
                await Task.Delay(100);
            }
        }

        await SendAsync(20, 20);
        await SendAsync(80, 40);
        var firing = await webhook.NextAsync(TimeSpan.FromSeconds(20));

        // Mid-episode: the ingest stops (systemd restart) while the episode fires on, and comes back on the same state.
        await ingest.StopAsync();
        await SendAsync(80, 20);
        await ingest.StartAsync();
        await SendAsync(80, 20);
        await SendAsync(20, 40);
        var resolved = await webhook.NextAsync(TimeSpan.FromSeconds(20));
        await SendAsync(20, 20);
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await connected;

        // Webhook: two signed deliveries of one episode, nothing more.
        var hooks = new[] { firing, resolved }.Concat(await webhook.AllAsync()).ToList();
        var events = hooks.Select(h => AlertJson.DecodeEvent(h.Body)).ToList();
        Assert.Equal([("pm-episode", AlertState.Firing), ("pm-episode", AlertState.Resolved)], events.Select(e => (e.Rule, e.State)));
        Assert.Equal(events[0].Id, events[1].Id);
        Assert.All(hooks, h => Assert.True(WebhookSignature.Verify(Secret,
            long.Parse(h.Header("X-AirMonitor-Timestamp"), CultureInfo.InvariantCulture), h.Body, h.Header("X-AirMonitor-Signature"))));
        Assert.True(events[0].Value > 50);
        Assert.True(events[1].Value <= 30);
        Assert.Equal((Device, AlertSeverity.Critical), (events[0].Station, events[0].Severity));

        // MQTT: the same two events, retained on the station's topic with its state after each.
        var published = topic.Received;
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

    /// <summary>Subscribes to every station's alert topic and keeps what arrives, in order.</summary>
    private sealed class AlertTopicWatcher(Uri broker) : TopicWatcher(broker, "alert-watch")
    {
        private readonly ConcurrentQueue<(string Topic, AlertStationState State)> _received = new();

        public IReadOnlyList<AlertStationState> Received => [.. _received.Select(r => r.State)];

        public IEnumerable<string> Topics => _received.Select(r => r.Topic);

        public static async Task<AlertTopicWatcher> StartAsync(Uri broker)
        {
            var watcher = new AlertTopicWatcher(broker);
            await watcher.StartAsync(Core.Contract.Topics.Prefix + "alerts/#");
            return watcher;
        }

        protected override void OnMessage(string topic, byte[] payload) => _received.Enqueue((topic, AlertJson.DecodeStationState(payload)));
    }
}
