using System.Collections.Concurrent;
using AirMonitor.Core.Contract;

namespace AirMonitor.Testing.Servers;

/// <summary>Every readings message a device publishes, as the broker delivers it to an extra subscriber, by seq.</summary>
public sealed class ReadingsRecorder(Uri broker, string device) : TopicWatcher(broker, $"readings-{device}")
{
    /// <summary>Seq → every payload published under it (more than one when it was resent).</summary>
    public ConcurrentDictionary<long, ConcurrentBag<byte[]>> Published { get; } = new();

    /// <summary>Raised with the seq of each message as it arrives, in arrival order.</summary>
    public event Action<long>? Arrived;

    public static async Task<ReadingsRecorder> StartAsync(Uri broker, string device)
    {
        var recorder = new ReadingsRecorder(broker, device);
        await recorder.StartAsync(Topics.Readings(device));
        return recorder;
    }

    /// <summary>The message published under <paramref name="seq"/> (the first copy).</summary>
    public ReadingBatch Message(long seq) => WireCodec.DecodeReadings(Published[seq].First());

    protected override void OnMessage(string topic, byte[] payload)
    {
        var seq = WireCodec.DecodeReadings(payload).Seq;
        Published.GetOrAdd(seq, _ => []).Add(payload);
        Arrived?.Invoke(seq);
    }
}
