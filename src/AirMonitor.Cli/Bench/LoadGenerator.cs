using System.Diagnostics;
using AirMonitor.Mqtt;

namespace AirMonitor.Cli.Bench;

/// <summary>
/// The bench's load: devices <c>{prefix}-0001</c> … each on its own MQTT connection, publishing the peer harness's
/// readings (<see cref="PeerReadings"/>) either all at once (<see cref="PublishAllAsync"/>) or on a fixed total rate
/// spread evenly over the devices (<see cref="PaceAsync"/>), and recording when each message was published and when
/// the ingest's ack for it arrived.
/// </summary>
internal sealed class LoadGenerator : IAsyncDisposable
{
    /// <summary>A pause in the acks longer than this is a stall (issue 11).</summary>
    public static readonly TimeSpan StallThreshold = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    private readonly BenchDevice[] _devices;
    private readonly string _url;

    /// <param name="readingsTopic">The topic a device publishes to, from its id.</param>
    /// <param name="listenForAcks">Subscribe each device to its ack topic (not for the broker phase, which has no ingest).</param>
    public LoadGenerator(MqttOptions mqtt, string devicePrefix, int devices, Func<string, string> readingsTopic, bool listenForAcks = true)
    {
        _url = mqtt.Url;
        var clientIdPrefix = $"airmon-bench-{Environment.ProcessId}";
        _devices = new BenchDevice[devices];
        for (var i = 0; i < devices; i++)
        {
            var id = PeerReadings.DeviceId(devicePrefix, i + 1);
            _devices[i] = new BenchDevice(mqtt, id, i + 1, clientIdPrefix, Counters, readingsTopic(id), listenForAcks);
        }
    }

    public LoadCounters Counters { get; } = new();

    public int DeviceCount => _devices.Length;

    /// <summary>Messages of the current run, over all devices.</summary>
    public long Expected { get; private set; }

    /// <summary>Connects every device, at most <paramref name="concurrency"/> at a time, before any clock starts.</summary>
    /// <exception cref="BenchException">Some did not connect within <paramref name="timeout"/>.</exception>
    public async Task ConnectAsync(int concurrency, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var failed = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(_devices, options, async (device, _) =>
        {
            try
            {
                await device.ConnectAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref failed);
            }
        });
        if (failed > 0)
        {
            throw new BenchException($"{failed} of {_devices.Length} devices could not connect to {_url} within {timeout.TotalSeconds:0} s " +
                "(with thousands of devices: the open-files limit of the bench or of Mosquitto, `ulimit -n`, or Mosquitto's max_connections)");
        }
    }

    /// <summary>Encodes the next run: <paramref name="messagesPerDevice"/> messages per device from seq <paramref name="firstSeq"/>.</summary>
    public void Prepare(long firstSeq, int messagesPerDevice)
    {
        Parallel.ForEach(_devices, device => device.Prepare(firstSeq, messagesPerDevice));
        Expected = (long)_devices.Length * messagesPerDevice;
        Counters.Reset();
    }

    /// <summary>Publishes the whole run as fast as the broker takes it; returns when the broker has acknowledged every message.</summary>
    public Task PublishAllAsync(int window, CancellationToken cancellationToken) =>
        Task.WhenAll(_devices.Select(d => d.PublishAllAsync(window, cancellationToken)));

    /// <summary>
    /// Publishes the run at <paramref name="messagesPerSecond"/> in total: message n of the run at start + n / rate,
    /// from device n mod devices, so each device publishes on its own evenly spaced schedule. Runs on its own thread;
    /// the publish time recorded is when the message was handed over, and the lag behind the schedule is reported.
    /// </summary>
    public Task<PaceOutcome> PaceAsync(double messagesPerSecond, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Pace(messagesPerSecond, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Messages of the current run not handed to the connections (yet, or ever).</summary>
    public long Unsent => _devices.Sum(d => (long)d.Unsent);

    /// <summary>
    /// Waits until every message of the run is acknowledged (once <paramref name="publishing"/> is done: every message
    /// sent), giving up when none was for <paramref name="stall"/> or after <paramref name="timeout"/>; reports progress
    /// on standard error, timed from <paramref name="clockStart"/>.
    /// </summary>
    public async Task<WaitEnding> WaitAcknowledgedAsync(long clockStart, Task publishing, TimeSpan timeout, TimeSpan stall, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var lastCount = -1L;
        var lastChange = Stopwatch.GetTimestamp();
        var lastProgress = Stopwatch.GetTimestamp();
        long? sent = null;
        while (true)
        {
            var count = Counters.Acknowledged;
            var now = Stopwatch.GetTimestamp();
            if (publishing.IsCompleted)
            {
                sent ??= Expected - Unsent;
            }

            if (count >= (sent ?? Expected))
            {
                return new WaitEnding(WaitResult.Complete, now);
            }

            if (count != lastCount)
            {
                (lastCount, lastChange) = (count, now);
            }
            else if (Stopwatch.GetElapsedTime(lastChange, now) >= stall)
            {
                return new WaitEnding(WaitResult.Stalled, now);
            }

            if (now >= deadline)
            {
                return new WaitEnding(WaitResult.TimedOut, now);
            }

            if (Stopwatch.GetElapsedTime(lastProgress, now) >= ProgressInterval)
            {
                lastProgress = now;
                BenchLog.Say($"  … {count:N0}/{sent ?? Expected:N0} acknowledged, {Stopwatch.GetElapsedTime(clockStart, now).TotalSeconds:0.0} s on the clock");
            }

            await Task.Delay(10, cancellationToken);
        }
    }

    /// <summary>What the run's devices saw, the clock started at <paramref name="clockStart"/> and the wait ended as <paramref name="ending"/>.</summary>
    public AckOutcome Outcome(long clockStart, WaitEnding ending)
    {
        var acked = new List<long>((int)Math.Min(Expected, int.MaxValue));
        var latencies = new List<long>(acked.Capacity);
        foreach (var device in _devices)
        {
            device.CollectAcks(acked, latencies);
        }

        acked.Sort();
        latencies.Sort();
        var longest = new AckPause(0, 0, 0);
        var stalls = 0;
        for (var i = 1; i <= acked.Count; i++)
        {
            // An unfinished run also paused from its last ack until the wait gave up.
            var end = i < acked.Count ? acked[i] : ending.Result == WaitResult.Complete ? acked[^1] : ending.At;
            var gap = Seconds(end - acked[i - 1]);
            stalls += gap > StallThreshold.TotalSeconds ? 1 : 0;
            if (gap > longest.Seconds)
            {
                longest = new AckPause(gap, Seconds(acked[i - 1] - clockStart), i);
            }
        }

        return new AckOutcome(
            Devices: _devices.Length,
            Expected: Expected,
            Sent: Expected - _devices.Sum(d => (long)d.Unsent),
            Unsent: _devices.Sum(d => (long)d.Unsent),
            Acknowledged: acked.Count,
            Rejected: _devices.Sum(d => d.Rejected),
            Duplicates: _devices.Sum(d => d.Duplicates),
            Unexpected: _devices.Sum(d => d.Unexpected),
            Seconds: acked.Count > 0 ? Seconds(acked[^1] - clockStart) : Seconds(ending.At - clockStart),
            WaitedSeconds: Seconds(ending.At - clockStart),
            FirstAckSeconds: acked.Count > 0 ? Seconds(acked[0] - clockStart) : null,
            LongestPause: longest,
            Stalls: stalls,
            Latency: latencies.Count == 0 ? null : new AckLatency(
                latencies.Count, Milliseconds(Percentile(latencies, 0.50)), Milliseconds(Percentile(latencies, 0.99)), Milliseconds(latencies[^1])),
            DeviceDisconnects: Counters.Disconnects,
            Ending: ending.Result);
    }

    public async ValueTask DisposeAsync()
    {
        await Parallel.ForEachAsync(_devices, new ParallelOptions { MaxDegreeOfParallelism = 256 }, (d, _) => d.DisposeAsync());
    }

    /// <summary>The nearest-rank percentile of an ascending list: the smallest value with at least <paramref name="p"/> of the values at or below it.</summary>
    internal static long Percentile(List<long> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static double Seconds(long ticks) => ticks / (double)Stopwatch.Frequency;

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private PaceOutcome Pace(double rate, CancellationToken cancellationToken)
    {
        var devices = _devices.Length;
        var total = Expected;
        var start = Stopwatch.GetTimestamp();
        var ticksPerMessage = Stopwatch.Frequency / rate;
        long maxLag = 0, late = 0;
        var lateTicks = Stopwatch.Frequency / 100;
        for (var n = 0L; n < total && !cancellationToken.IsCancellationRequested;)
        {
            var due = start + (long)(n * ticksPerMessage);
            var now = Stopwatch.GetTimestamp();
            if (now < due)
            {
                Thread.Sleep(Math.Max(1, (int)((due - now) * 1000 / Stopwatch.Frequency)));
                continue;
            }

            // Everything due by now goes out in this wake-up.
            for (; n < total && start + (long)(n * ticksPerMessage) <= now; n++)
            {
                var lag = now - (start + (long)(n * ticksPerMessage));
                maxLag = Math.Max(maxLag, lag);
                late += lag > lateTicks ? 1 : 0;
                _devices[n % devices].PublishNext();
            }
        }

        return new PaceOutcome(start, Seconds(Stopwatch.GetTimestamp() - start), Milliseconds(maxLag), late);
    }
}

internal enum WaitResult
{
    Complete,
    Stalled,
    TimedOut,
}

/// <param name="At">Stopwatch timestamp when the wait ended.</param>
internal readonly record struct WaitEnding(WaitResult Result, long At);

/// <param name="Start">Stopwatch timestamp of the schedule's start (its first publish).</param>
/// <param name="LateMessages">Messages handed over more than 10 ms after their time on the schedule.</param>
internal sealed record PaceOutcome(long Start, double Seconds, double MaxLagMilliseconds, long LateMessages);

/// <param name="Seconds">The longest time no ack arrived, once the first had.</param>
/// <param name="FromSeconds">When it began, on the phase's clock.</param>
/// <param name="AtAcknowledged">How many messages were acknowledged when it began.</param>
internal sealed record AckPause(double Seconds, double FromSeconds, long AtAcknowledged);

/// <summary>From publish to the device receiving its ack, in milliseconds.</summary>
internal sealed record AckLatency(long Count, double P50Milliseconds, double P99Milliseconds, double MaxMilliseconds);

/// <summary>A run as its devices saw it.</summary>
/// <param name="Sent">Handed to the device connections (QoS 1).</param>
/// <param name="Unsent">Never sent: the device's connection was lost or its queue full.</param>
/// <param name="Acknowledged">Distinct messages the ingest acknowledged to their device (stored or rejected).</param>
/// <param name="Duplicates">Acks of a message already acknowledged.</param>
/// <param name="Unexpected">Acks of a seq the run did not publish, or unreadable acks.</param>
/// <param name="Seconds">Clock start to the last ack.</param>
/// <param name="WaitedSeconds">Clock start to the end of the wait (later than <paramref name="Seconds"/> when the run did not complete).</param>
/// <param name="Stalls">Pauses in the acks longer than <see cref="LoadGenerator.StallThreshold"/>.</param>
/// <param name="DeviceDisconnects">The load generator's own device connections lost.</param>
internal sealed record AckOutcome(
    int Devices,
    long Expected,
    long Sent,
    long Unsent,
    long Acknowledged,
    long Rejected,
    long Duplicates,
    long Unexpected,
    double Seconds,
    double WaitedSeconds,
    double? FirstAckSeconds,
    AckPause LongestPause,
    int Stalls,
    AckLatency? Latency,
    long DeviceDisconnects,
    WaitResult Ending)
{
    public long Unacknowledged => Sent - Acknowledged;

    /// <summary>Every message sent, acknowledged exactly once, stored (none rejected).</summary>
    public bool AllAcknowledged => Unsent == 0 && Acknowledged == Expected && Rejected == 0 && Duplicates == 0 && Unexpected == 0;

    public double MessagesPerSecond => Seconds > 0 ? Acknowledged / Seconds : 0;
}
