using System.Collections.Concurrent;
using AirMonitor.Core.Contract;

namespace AirMonitor.Testing.Servers;

/// <summary>Every retained status a device publishes (the current one first, as the broker keeps it).</summary>
public sealed class StatusWatcher(Uri broker, string device) : TopicWatcher(broker, $"status-{device}")
{
    public ConcurrentQueue<DeviceStatus> Statuses { get; } = new();

    public static async Task<StatusWatcher> StartAsync(Uri broker, string device)
    {
        var watcher = new StatusWatcher(broker, device);
        await watcher.StartAsync(Topics.Status(device));
        return watcher;
    }

    protected override void OnMessage(string topic, byte[] payload) => Statuses.Enqueue(WireCodec.DecodeStatus(payload));
}
