using System.Buffers;
using System.Collections.Concurrent;
using AirMonitor.Core.Contract;
using AirMonitor.Mqtt;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Protocol;

namespace AirMonitor.Testing;

/// <summary>Every readings message a device publishes, as the broker delivers it to an extra subscriber, by seq.</summary>
public sealed class ReadingsRecorder(Uri broker, string device) : IAsyncDisposable
{
    private readonly MqttConnection _connection = new(new MqttOptions { Url = broker.ToString() }, $"readings-{device}-{Guid.NewGuid():N}", NullLogger.Instance,
        b => b.WithCleanStart(true).WithSessionExpiryInterval(0));
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;

    /// <summary>Seq → every payload published under it (more than one when it was resent).</summary>
    public ConcurrentDictionary<long, ConcurrentBag<byte[]>> Published { get; } = new();

    /// <summary>Raised with the seq of each message as it arrives, in arrival order.</summary>
    public event Action<long>? Arrived;

    public static async Task<ReadingsRecorder> StartAsync(Uri broker, string device)
    {
        var recorder = new ReadingsRecorder(broker, device);
        recorder._connection.Client.ApplicationMessageReceivedAsync += e =>
        {
            var payload = e.ApplicationMessage.Payload.ToArray();
            var seq = WireCodec.DecodeReadings(payload).Seq;
            recorder.Published.GetOrAdd(seq, _ => []).Add(payload);
            recorder.Arrived?.Invoke(seq);
            return Task.CompletedTask;
        };
        recorder._run = recorder._connection.RunAsync(
            (_, ct) => recorder._connection.Client.SubscribeAsync(Topics.Readings(device), MqttQualityOfServiceLevel.AtLeastOnce, ct), recorder._stop.Token);
        await recorder._connection.WaitConnectedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        return recorder;
    }

    /// <summary>The message published under <paramref name="seq"/> (the first copy).</summary>
    public ReadingBatch Message(long seq) => WireCodec.DecodeReadings(Published[seq].First());

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await _connection.DisposeAsync();
        _stop.Dispose();
    }
}
