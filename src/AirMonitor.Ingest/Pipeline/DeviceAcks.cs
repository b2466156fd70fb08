using AirMonitor.Core.Contract;
using AirMonitor.Ingest.Observability;
using AirMonitor.Mqtt;

namespace AirMonitor.Ingest.Pipeline;

/// <summary>
/// Tells devices on <c>airmon/v1/{device}/ack</c> which of their messages are settled (QoS 1, the wire contract: a device
/// briefly offline, or another replica's seq ledger, gets them later from its session). At most one ack per device is
/// out with the broker at a time; what is settled meanwhile goes in the device's next ack. So the acks waiting are
/// bounded by the devices, not the messages, and the ack stage never waits for the broker.
/// </summary>
/// <remarks>
/// An ack the broker did not take (the connection was lost) is not sent again: the device sends those messages again
/// after its resend interval, and is acknowledged then (storing them again changes nothing).
/// </remarks>
internal sealed partial class DeviceAcks(MqttConnection connection, IngestMetrics metrics, ILogger<DeviceAcks> logger)
{
    /// <summary>Seq numbers one ack carries at most; the rest wait for the next.</summary>
    public const int MaxSeqsPerAck = 1000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Pending> _devices = new(StringComparer.Ordinal);
    private readonly List<(string Device, AckMessage Ack)> _ready = [];

    /// <summary>Notes a settled message; <see cref="Send"/> sends it.</summary>
    public void Add(string device, long seq, string? rejection)
    {
        lock (_lock)
        {
            if (!_devices.TryGetValue(device, out var pending))
            {
                _devices[device] = pending = new Pending();
            }

            pending.Add(seq, rejection);
        }
    }

    /// <summary>Publishes an ack to every device that has settled messages and no ack out. Called by one thread (the ack stage).</summary>
    public void Send()
    {
        _ready.Clear();
        lock (_lock)
        {
            foreach (var (device, pending) in _devices)
            {
                if (!pending.Out && pending.Count > 0)
                {
                    pending.Out = true;
                    _ready.Add((device, pending.TakeAck(device)));
                }
            }
        }

        // Outside the lock: a publish that fails at once (no connection) comes back into it.
        foreach (var (device, ack) in _ready)
        {
            _ = PublishAsync(device, ack);
        }
    }

    /// <summary>Publishes the device's acks one after another until it has none left.</summary>
    private async Task PublishAsync(string device, AckMessage ack)
    {
        while (true)
        {
            try
            {
                await connection.PublishAsync(Topics.Ack(device), WireCodec.Encode(ack)).ConfigureAwait(false);
            }
            catch (MqttException e)
            {
                metrics.AckFailed(ack.Stored.Count + ack.Rejected.Count);
                LogFailed(device, ack.Stored.Count + ack.Rejected.Count, e.Message);
            }

            lock (_lock)
            {
                var pending = _devices[device];
                if (pending.Count == 0)
                {
                    _devices.Remove(device);
                    return;
                }

                ack = pending.TakeAck(device);
            }
        }
    }

    private sealed class Pending
    {
        private readonly List<long> _stored = [];
        private readonly List<RejectedSeq> _rejected = [];

        /// <summary>An ack of this device is with the broker.</summary>
        public bool Out { get; set; }

        public int Count => _stored.Count + _rejected.Count;

        public void Add(long seq, string? rejection)
        {
            if (rejection is null)
            {
                _stored.Add(seq);
            }
            else
            {
                _rejected.Add(new RejectedSeq(seq, rejection));
            }
        }

        public AckMessage TakeAck(string device)
        {
            var stored = Take(_stored, MaxSeqsPerAck);
            return new AckMessage(device, stored, Take(_rejected, MaxSeqsPerAck - stored.Length));
        }

        private static T[] Take<T>(List<T> settled, int most)
        {
            var taken = settled.GetRange(0, Math.Min(settled.Count, most)).ToArray();
            settled.RemoveRange(0, taken.Length);
            return taken;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The ack of {Count} message(s) to {Device} was not delivered to the broker ({Reason}); the device will send them again")]
    private partial void LogFailed(string device, int count, string reason);
}
