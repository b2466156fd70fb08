using AirMonitor.Core.Contract;
using AirMonitor.Ingest.Observability;

namespace AirMonitor.Ingest.Pipeline;

/// <summary>
/// Tells devices on <c>airmon/v1/{device}/ack</c> which of their messages are settled, QoS 1 (the wire contract: a device
/// briefly offline, or another replica's seq ledger, still gets it from its session), on the publishing connection.
/// </summary>
/// <remarks>
/// The ack stage only notes settlements (<see cref="Add"/>): it never waits for the broker. This loop sends, devices in
/// the order they first had something to acknowledge, each ack as the broker's receive maximum lets it go (Mosquitto lets
/// a client have 20 unacknowledged), carrying everything the device has settled by then. So the acks adapt to what the
/// broker takes: many seq numbers an ack when it is busy, one when it is not, and what waits is one entry per device.
/// An ack the broker never confirms (the connection drops) is not sent again: the device sends those messages again
/// after its resend interval and is acknowledged then (storing them again changes nothing).
/// </remarks>
internal sealed class DeviceAcks(BrokerConnections broker, IngestMetrics metrics) : BackgroundService
{
    /// <summary>Seq numbers one ack carries at most; the rest go in the device's next.</summary>
    public const int MaxSeqsPerAck = 1000;

    /// <summary>Settlements waiting to be acknowledged; beyond, they are dropped (and counted: the devices send them again).</summary>
    public const int MaxWaiting = 100_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Pending> _devices = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly SemaphoreSlim _added = new(0);
    private int _waiting;

    /// <summary>Notes a settled message, to be acknowledged to its device.</summary>
    public void Add(string device, long seq, string? rejection)
    {
        lock (_lock)
        {
            if (_waiting >= MaxWaiting)
            {
                metrics.AckFailed();
                return;
            }

            _waiting++;
            if (!_devices.TryGetValue(device, out var pending))
            {
                _devices[device] = pending = new Pending();
                _order.Enqueue(device);
            }

            pending.Add(seq, rejection);
        }
    }

    /// <summary>Wakes the sender once the ack stage has added a group's settlements.</summary>
    public void Send()
    {
        if (_added.CurrentCount == 0)
        {
            _added.Release();
        }
    }

    public override void Dispose()
    {
        _added.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var publishing = broker.Publishing;
        try
        {
            while (true)
            {
                await _added.WaitAsync(stoppingToken);

                // Each ack is taken only once the broker has room, so it carries all its device has settled by then; while
                // the room lasts, the acks go out together.
                while (true)
                {
                    await publishing.WaitForPublishRoomAsync(stoppingToken);
                    if (TakeNext() is not { } ack)
                    {
                        break;
                    }

                    Publish(ack);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping, after the ack stage has drained: queue what is left, to go out before the disconnect.
            while (TakeNext() is { } ack)
            {
                Publish(ack);
            }
        }
    }

    private void Publish(AckMessage ack)
    {
        if (!broker.Publishing.TryPublish(Topics.Ack(ack.Device), WireCodec.Encode(ack)))
        {
            // Disconnected at this moment: dropped (the device sends those messages again).
            metrics.AckFailed();
        }
    }

    /// <summary>The next device's ack, with all it has settled so far (up to <see cref="MaxSeqsPerAck"/>); null when none waits.</summary>
    private AckMessage? TakeNext()
    {
        lock (_lock)
        {
            if (!_order.TryDequeue(out var device))
            {
                return null;
            }

            var pending = _devices[device];
            var ack = pending.Take(device);
            _waiting -= ack.Stored.Count + ack.Rejected.Count;
            if (pending.Count == 0)
            {
                _devices.Remove(device);
            }
            else
            {
                _order.Enqueue(device);
            }

            return ack;
        }
    }

    private sealed class Pending
    {
        private readonly List<long> _stored = [];
        private readonly List<RejectedSeq> _rejected = [];

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

        public AckMessage Take(string device)
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
}
