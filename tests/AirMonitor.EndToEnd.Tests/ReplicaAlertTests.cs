using System.Text.Json;
using AirMonitor.AirQuality.Alerts;
using AirMonitor.Influx;
using AirMonitor.Testing;
using AirMonitor.Testing.Pipeline;
using AirMonitor.Testing.Servers;

namespace AirMonitor.EndToEnd.Tests;

/// <summary>
/// Two ingest replicas behind one shared subscription both judge a PM2.5 episode; only the holder of the alert lease
/// delivers. The holder is killed with -9 mid-episode: the other takes the lease over and delivers the resolution,
/// and no sink gets an event twice.
/// </summary>
[Collection(FaultSuite.Name)]
public sealed class ReplicaAlertTests
{
    private const string Database = "replica_alerts";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    [Fact]
    public async Task The_replica_holding_the_alert_lease_delivers_and_the_other_takes_over_without_repeating_an_event()
    {
        await using var broker = new MosquittoServer();
        await using var influx = new InfluxServer();
        await Task.WhenAll(broker.StartAsync(), influx.StartAsync());
        await using var webhook = await WebhookReceiver.StartAsync();
        await using var topic = await AlertTopicWatcher.StartAsync(broker.Url);
        await using var a = Replica("a", broker, influx, webhook);
        await using var b = Replica("b", broker, influx, webhook);
        await Task.WhenAll(a.StartAsync(), b.StartAsync());
        var holder = await WaitForHolderAsync([a, b]);
        var survivor = holder == a ? b : a;
        Assert.False(await DeliversAlertsAsync(survivor));

        await using var device = await EpisodeDevice.ConnectAsync(broker.Url);
        await device.SendAsync(20, 20);
        await device.SendAsync(80, 40);
        var firing = await webhook.NextAsync(TimeSpan.FromSeconds(20));
        await Poll.UntilAsync(() => topic.Received.Count == 1, TimeSpan.FromSeconds(30), "the firing on MQTT");

        holder.Kill();
        Assert.Same(survivor, await WaitForHolderAsync([survivor]));
        await device.SendAsync(80, 20);
        await device.SendAsync(20, 40);
        var resolved = await webhook.NextAsync(TimeSpan.FromSeconds(40));
        await device.SendAsync(20, 20);
        await Task.Delay(TimeSpan.FromSeconds(3));

        var events = new[] { firing, resolved }.Concat(await webhook.AllAsync()).Select(h => AlertJson.DecodeEvent(h.Body)).ToList();
        Assert.Equal([(EpisodeDevice.Rule, AlertState.Firing), (EpisodeDevice.Rule, AlertState.Resolved)], events.Select(e => (e.Rule, e.State)));
        Assert.Equal(events[0].Id, events[1].Id);
        Assert.Equal(events.Select(e => (e.Id, e.State)), topic.Received.Select(r => (r.Event.Id, r.Event.State)));

        var query = new InfluxQueryClient(new HttpClient(), new InfluxOptions { Url = influx.Url.ToString(), Database = Database });
        var points = await query.QueryAsync($"SELECT \"id\" FROM \"alert_event\" WHERE \"rule\" = '{EpisodeDevice.Rule}'");
        Assert.Equal(2, points.Sum(s => s.Values.Count));
    }

    [Fact]
    public async Task After_a_broker_crash_one_replica_holds_the_alert_lease_again_and_delivers()
    {
        await using var broker = new MosquittoServer();
        await using var influx = new InfluxServer();
        await Task.WhenAll(broker.StartAsync(), influx.StartAsync());
        await using var webhook = await WebhookReceiver.StartAsync();
        await using var a = Replica("a", broker, influx, webhook);
        await using var b = Replica("b", broker, influx, webhook);
        await Task.WhenAll(a.StartAsync(), b.StartAsync());
        await WaitForHolderAsync([a, b]);

        // The holder's connection dies with the broker, which fires no will; its announcement may come back with it.
        broker.Kill();
        await broker.StartAsync();
        await WaitForHolderAsync([a, b]);

        await using var device = await EpisodeDevice.ConnectAsync(broker.Url);
        await device.SendAsync(20, 20);
        await device.SendAsync(80, 40);
        var firing = AlertJson.DecodeEvent((await webhook.NextAsync(TimeSpan.FromSeconds(20))).Body);
        Assert.Equal((EpisodeDevice.Rule, AlertState.Firing), (firing.Rule, firing.State));
    }

    // The messages the killed replica took with it never come back: a real edge resends them, this scripted device
    // does not, so the survivor gives their gap up after 5 s instead of 10 min.
    private static IngestServer Replica(string name, MosquittoServer broker, InfluxServer influx, WebhookReceiver webhook) =>
        Replicas.Ingest(name, broker, influx, Database, ["--Derivation:GapPatience=00:00:05", .. EpisodeDevice.AlertArguments(webhook.Url)]);

    private static async Task<IngestServer> WaitForHolderAsync(IngestServer[] replicas)
    {
        IngestServer? holder = null;
        await Poll.UntilAsync(async () =>
        {
            var holding = new List<IngestServer>();
            foreach (var replica in replicas.Where(r => r.IsRunning))
            {
                if (await DeliversAlertsAsync(replica))
                {
                    holding.Add(replica);
                }
            }

            Assert.True(holding.Count <= 1, "two replicas hold the alert lease at once");
            holder = holding.SingleOrDefault();
            return holder is not null;
        }, TimeSpan.FromSeconds(60), "a replica holding the alert lease");
        return holder!;
    }

    /// <summary>What the replica's /health says, whether or not it is connected to the broker (503) at the moment.</summary>
    private static async Task<bool> DeliversAlertsAsync(IngestServer replica)
    {
        using var response = await Http.GetAsync(new Uri(replica.Url, "/health"));
        using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return health.RootElement.GetProperty("deliversAlerts").GetBoolean();
    }
}
