using System.Collections.Concurrent;
using AirMonitor.AirQuality.Alerts;
using AirMonitor.Testing.Servers;

namespace AirMonitor.EndToEnd.Tests;

/// <summary>Subscribes to every station's alert topic and keeps what arrives, in order.</summary>
internal sealed class AlertTopicWatcher(Uri broker) : TopicWatcher(broker, "alert-watch")
{
    private readonly ConcurrentQueue<(string Topic, AlertStationState State, bool Repeat)> _received = new();
    private readonly ConcurrentDictionary<string, byte[]> _last = new();

    public IReadOnlyList<AlertStationState> Received => [.. _received.Select(r => r.State)];

    /// <summary>What was received, less each message identical to the one before it on its topic (a republished state).</summary>
    public IReadOnlyList<AlertStationState> Changes => [.. _received.Where(r => !r.Repeat).Select(r => r.State)];

    public IEnumerable<string> Topics => _received.Select(r => r.Topic);

    public static async Task<AlertTopicWatcher> StartAsync(Uri broker)
    {
        var watcher = new AlertTopicWatcher(broker);
        await watcher.StartAsync(Core.Contract.Topics.Prefix + "alerts/#");
        return watcher;
    }

    protected override void OnMessage(string topic, byte[] payload)
    {
        var repeat = _last.TryGetValue(topic, out var last) && last.AsSpan().SequenceEqual(payload);
        _last[topic] = payload;
        _received.Enqueue((topic, AlertJson.DecodeStationState(payload), repeat));
    }
}
