using System.Collections.Concurrent;
using AirMonitor.AirQuality.Alerts;
using AirMonitor.Core.Contract;
using AirMonitor.Ingest.Alerts;
using AirMonitor.Ingest.Alerts.Sinks;
using AirMonitor.Ingest.Pipeline;
using AirMonitor.Mqtt;
using AirMonitor.Testing;
using AirMonitor.Testing.Servers;
using Microsoft.Extensions.Logging.Abstractions;

namespace AirMonitor.Ingest.Tests.Alerts;

/// <summary>The MQTT sink's retained state per station, and its republish after the broker lost it.</summary>
public sealed class MqttAlertSinkTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"airmon-mqtt-sink-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task A_republish_sends_each_station_its_last_state_again_byte_for_byte_the_resolved_one_included()
    {
        await using var broker = new MosquittoServer();
        await broker.StartAsync();
        var options = new MqttOptions { Url = broker.Url.ToString() };
        await using var connections = new BrokerConnections(
            new MqttConnection(options, "sink-test-readings", NullLogger.Instance, MqttSession.Throwaway),
            new MqttConnection(options, "sink-test-publish", NullLogger.Instance, MqttSession.Throwaway));
        using var stop = new CancellationTokenSource();
        var running = connections.Publishing.RunAsync((_, _) => Task.CompletedTask, stop.Token);
        await connections.Publishing.WaitConnectedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        using var store = new AlertStore(_path);
        var sink = new MqttAlertSink(connections, store);

        // s1: an episode fired and resolved; s2: one still firing; s3 never had an event.
        var s1Firing = Event("s1", AlertState.Firing, T0);
        var s1Resolved = Event("s1", AlertState.Resolved, T0.AddHours(2));
        var s2Firing = Event("s2", AlertState.Firing, T0.AddHours(1));
        await sink.DeliverAsync(s1Firing, [s1Firing], CancellationToken.None);
        await sink.DeliverAsync(s2Firing, [s2Firing], CancellationToken.None);
        await sink.DeliverAsync(s1Resolved, [], CancellationToken.None);
        var sent = new Dictionary<string, byte[]>
        {
            [Topics.Alerts("s1")] = AlertJson.EncodeStationState(s1Resolved, []),
            [Topics.Alerts("s2")] = AlertJson.EncodeStationState(s2Firing, [s2Firing]),
        };
        await using (var before = await RetainedWatcher.StartAsync(broker.Url))
        {
            await Poll.UntilAsync(() => before.Received.Count == 2, TimeSpan.FromSeconds(5), "the two retained states");
            Assert.Equal(Texts(sent), Texts(before.Received));
        }

        // What a broker crash between autosaves does to them: gone.
        foreach (var topic in sent.Keys)
        {
            await connections.Publishing.PublishAsync(topic, ReadOnlyMemory<byte>.Empty, MqttQos.AtLeastOnce, retain: true);
        }

        Assert.Equal(0, await sink.RepublishAsync(() => false, CancellationToken.None));
        Assert.Equal(2, await sink.RepublishAsync(() => true, CancellationToken.None));
        await using var after = await RetainedWatcher.StartAsync(broker.Url);
        await Poll.UntilAsync(() => after.Received.Count == 2, TimeSpan.FromSeconds(5), "the two republished states");
        Assert.Equal(Texts(sent), Texts(after.Received));

        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public void The_store_keeps_the_last_recorded_state_of_each_station_across_a_reopen()
    {
        using (var store = new AlertStore(_path))
        {
            store.SaveRetained("s2", "old"u8);
            store.SaveRetained("s1", "one"u8);
            store.SaveRetained("s2", "new"u8);
        }

        using var reopened = new AlertStore(_path);
        Assert.Equal(["s1", "s2"], reopened.RetainedStations());
        Assert.Equal("new"u8.ToArray(), reopened.Retained("s2"));
        Assert.Null(reopened.Retained("s3"));
    }

    public void Dispose()
    {
        foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(_path) + "*"))
        {
            File.Delete(file);
        }
    }

    private static List<(string Topic, string Payload)> Texts(IReadOnlyDictionary<string, byte[]> payloads) =>
        [.. payloads.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, System.Text.Encoding.UTF8.GetString(p.Value)))];

    private static AlertEvent Event(string station, AlertState state, DateTimeOffset at) =>
        new($"r:{station}:{T0.ToUnixTimeMilliseconds()}", "r", station, station, state, AlertSeverity.Warning, "pm2_5", "1h", at, T0, 40, 37.5, 35, false, at.AddMinutes(1), "summary");

    /// <summary>What a new subscriber to every alert topic gets: the payload of each topic, as last received.</summary>
    private sealed class RetainedWatcher(Uri broker) : TopicWatcher(broker, "sink-test-watch")
    {
        private readonly ConcurrentDictionary<string, byte[]> _received = new();

        public Dictionary<string, byte[]> Received => new(_received);

        public static async Task<RetainedWatcher> StartAsync(Uri broker)
        {
            var watcher = new RetainedWatcher(broker);
            await watcher.StartAsync(Topics.Prefix + "alerts/#");
            return watcher;
        }

        protected override void OnMessage(string topic, byte[] payload) => _received[topic] = payload;
    }
}
