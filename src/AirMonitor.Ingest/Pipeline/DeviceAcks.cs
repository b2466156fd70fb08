using AirMonitor.Core.Contract;
using AirMonitor.Ingest.Observability;
using AirMonitor.Mqtt;

namespace AirMonitor.Ingest.Pipeline;

/// <summary>
/// Tells devices on <c>airmon/v1/{device}/ack</c> which of their messages are settled: one ack per device for each
/// group the ack stage settles, QoS 1 (the wire contract: a device briefly offline, or another replica's seq ledger,
/// still gets it from its session), queued on the connection without waiting for the broker.
/// </summary>
/// <remarks>
/// When the connection cannot take an ack (disconnected, or its queue of publishes waiting for the broker's receive
/// maximum is full) the device's settlements stay here and go in its next ack, so what waits is at most one entry per
/// device, and no message's ack is lost to a full queue. An ack the broker never confirms (the connection drops after
/// it was queued) is not sent again: the device sends those messages again after its resend interval and is acknowledged
/// then (storing them again changes nothing). Called by the ack stage only.
/// </remarks>
internal sealed class DeviceAcks(BrokerConnections broker, IngestMetrics metrics)
{
    /// <summary>Seq numbers one ack carries at most; the rest go in the device's next.</summary>
    public const int MaxSeqsPerAck = 1000;

    /// <summary>Settlements kept for acks the connection could not take; beyond, they are dropped (and counted).</summary>
    public const int MaxWaiting = 100_000;

    private readonly Dictionary<string, Pending> _devices = new(StringComparer.Ordinal);
    private readonly List<string> _sent = [];
    private int _waiting;

    /// <summary>Notes a settled message; <see cref="Send"/> sends it.</summary>
    public void Add(string device, long seq, string? rejection)
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
        }

        pending.Add(seq, rejection);
    }

    /// <summary>Queues an ack for every device with settled messages, as far as the connection takes them.</summary>
    public void Send()
    {
        _sent.Clear();
        foreach (var (device, pending) in _devices)
        {
            while (pending.Count > 0)
            {
                var (stored, rejected) = pending.Peek();
                if (!broker.Publishing.TryPublish(Topics.Ack(device), WireCodec.Encode(new AckMessage(device, stored, rejected))))
                {
                    return;
                }

                pending.Remove(stored.Length, rejected.Length);
                _waiting -= stored.Length + rejected.Length;
            }

            _sent.Add(device);
        }

        foreach (var device in _sent)
        {
            _devices.Remove(device);
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

        /// <summary>The next ack's content: at most <see cref="MaxSeqsPerAck"/> seq numbers.</summary>
        public (long[] Stored, RejectedSeq[] Rejected) Peek()
        {
            var stored = _stored.GetRange(0, Math.Min(_stored.Count, MaxSeqsPerAck)).ToArray();
            return (stored, _rejected.GetRange(0, Math.Min(_rejected.Count, MaxSeqsPerAck - stored.Length)).ToArray());
        }

        public void Remove(int stored, int rejected)
        {
            _stored.RemoveRange(0, stored);
            _rejected.RemoveRange(0, rejected);
        }
    }
}
