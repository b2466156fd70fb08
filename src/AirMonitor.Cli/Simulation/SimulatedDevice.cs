using System.Buffers;
using System.Collections.Concurrent;
using AirMonitor.Core.Contract;
using AirMonitor.Mqtt;
using Microsoft.Extensions.Logging;

namespace AirMonitor.Cli.Simulation;

/// <summary>
/// One simulated edge device: numbers its messages, publishes them per the wire contract (QoS 1), keeps each one
/// until the ingest's <c>ack</c> settles it, and sends it again with its original seq after the ack timeout. Its readings
/// are <see cref="FleetOptions.Readings"/>' for it, else a <see cref="ReadingGenerator"/>'s; live, a backlog goes first.
/// </summary>
public sealed class SimulatedDevice : IAsyncDisposable
{
    private readonly ConcurrentDictionary<long, byte[]> _unacknowledged = new();
    private readonly IDeviceReadings _readings;
    private readonly FleetOptions _options;
    private readonly MqttConnection _connection;
    private readonly SemaphoreSlim _window;
    private readonly TaskCompletionSource _allSettled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _connectionStop = new();
    private long _stored;
    private long _rejected;
    private long _resent;
    private long _sent;
    private long _lastSeq = -1;
    private volatile bool _sendingDone;
    private Task? _connectionRun;
    private Task? _resender;

    public SimulatedDevice(FleetDevice device, MqttOptions mqtt, FleetOptions options, ILogger logger)
    {
        Device = device;
        _options = options;
        _readings = options.Readings?.Invoke(device) ?? new ReadingGenerator(device.Id, device.Kind, device.City, options.Haze, device.Sensors);
        _window = new SemaphoreSlim(options.Window);
        _connection = new MqttConnection(mqtt, $"airmon-sim-{device.Id}", logger);
        _connection.MessageReceived = (in MqttMessage message) => OnAck(message.Payload);
    }

    public FleetDevice Device { get; }

    public long Sent => Interlocked.Read(ref _sent);

    public long Stored => Interlocked.Read(ref _stored);

    public long Rejected => Interlocked.Read(ref _rejected);

    public long Resent => Interlocked.Read(ref _resent);

    public int Unacknowledged => _unacknowledged.Count;

    /// <summary>The highest seq made so far; -1 before the first.</summary>
    public long LastSeq => Interlocked.Read(ref _lastSeq);

    /// <summary>The lowest seq still waiting for its ack; null when every message made so far is settled.</summary>
    public long? OldestUnacknowledged => _unacknowledged.IsEmpty ? null : _unacknowledged.Keys.Min();

    /// <summary>Connects (and keeps reconnecting until disposed); returns once the first connection is up.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        _connectionRun ??= _connection.RunAsync(
            (_, ct) => _connection.SubscribeAsync(Topics.Ack(Device.Id), ct),
            _connectionStop.Token);
        _resender ??= ResendLoopAsync(_connectionStop.Token);
        await _connection.WaitConnectedAsync(cancellationToken);
    }

    /// <summary>
    /// Sends the device's messages (all of them, or live until <paramref name="stopSending"/>), then returns once
    /// every one is acknowledged or <paramref name="cancellationToken"/> gives up waiting.
    /// </summary>
    public async Task RunAsync(CancellationToken stopSending, CancellationToken cancellationToken)
    {
        await ConnectAsync(cancellationToken);
        if (_options.Messages is { } count)
        {
            await SendBackdatedAsync(count, cancellationToken);
        }
        else
        {
            await SendLiveAsync(await SendBacklogAsync(stopSending), stopSending);
        }

        _sendingDone = true;
        SettledAll();
        await _allSettled.Task.WaitAsync(cancellationToken);
    }

    // As fast as acks allow; samples stamped one interval apart, ending now, as an outbox backlog would be.
    private async Task SendBackdatedAsync(int count, CancellationToken cancellationToken)
    {
        var intervalMs = (long)_options.Interval.TotalMilliseconds;
        var first = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - (count * intervalMs);
        for (var seq = 0; seq < count; seq++)
        {
            await SendAsync(seq, await _readings.NextAsync(first + (seq * intervalMs), cancellationToken), cancellationToken);
        }
    }

    // The messages stored before the run, as fast as acks allow; returns the next seq.
    private async Task<long> SendBacklogAsync(CancellationToken cancellationToken)
    {
        var seq = 0L;
        try
        {
            await foreach (var samples in _readings.BacklogAsync(cancellationToken))
            {
                await SendAsync(seq++, samples, cancellationToken);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        catch (OperationCanceledException)
        {
            // the run's time is up
        }

        return seq;
    }

    private async Task SendLiveAsync(long seq, CancellationToken cancellationToken)
    {
        // Devices of a fleet start out of step, as real ones do.
        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * _options.Interval.TotalMilliseconds), cancellationToken)
            .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        using var timer = new PeriodicTimer(_options.Interval);
        var intervalMs = (long)_options.Interval.TotalMilliseconds;
        var first = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var tick = 0L; !cancellationToken.IsCancellationRequested; tick++)
        {
            // Stamped on the sampling schedule, as a sampler does: a late tick (a full window, a busy machine) must not
            // give two samples one millisecond, which InfluxDB would store as one point.
            try
            {
                await SendAsync(seq++, await _readings.NextAsync(first + (tick * intervalMs), cancellationToken), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            if (!await TickAsync(timer, cancellationToken))
            {
                break;
            }
        }
    }

    private async Task SendAsync(long seq, IReadOnlyList<Sample> samples, CancellationToken cancellationToken)
    {
        try
        {
            await _window.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var batch = new ReadingBatch(Device.Id, seq, samples);
        _options.Generated?.Invoke(batch);
        var payload = WireCodec.Encode(batch);
        _unacknowledged[seq] = payload;
        Interlocked.Exchange(ref _lastSeq, seq);
        Interlocked.Increment(ref _sent);

        // Not awaited: the window bounds what is unacknowledged, and PUBACKs return while the next messages go out.
        _ = PublishAsync(payload, cancellationToken);
    }

    private async Task PublishAsync(byte[] payload, CancellationToken cancellationToken)
    {
        try
        {
            await _connection.PublishAsync(Topics.Readings(Device.Id), payload, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is MqttException or OperationCanceledException)
        {
            // Kept in _unacknowledged: the resend loop sends it again once the link is back.
        }
    }

    private async Task ResendLoopAsync(CancellationToken cancellationToken)
    {
        var sentAt = new Dictionary<long, DateTime>();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(100, _options.AckTimeout.TotalMilliseconds / 4)));
        while (await TickAsync(timer, cancellationToken))
        {
            var now = DateTime.UtcNow;
            foreach (var seq in sentAt.Keys.Where(s => !_unacknowledged.ContainsKey(s)).ToList())
            {
                sentAt.Remove(seq);
            }

            foreach (var (seq, payload) in _unacknowledged.OrderBy(p => p.Key))
            {
                if (!sentAt.TryGetValue(seq, out var at))
                {
                    sentAt[seq] = now;
                }
                else if (now - at > _options.AckTimeout && _connection.IsConnected)
                {
                    sentAt[seq] = now;
                    Interlocked.Increment(ref _resent);
                    await PublishAsync(payload, cancellationToken);
                }
            }
        }
    }

    private static async Task<bool> TickAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void OnAck(ReadOnlySpan<byte> payload)
    {
        AckMessage ack;
        try
        {
            ack = WireCodec.DecodeAck(payload);
        }
        catch (System.Text.Json.JsonException)
        {
            return;
        }

        foreach (var seq in ack.Stored)
        {
            Settle(seq, ref _stored);
        }

        foreach (var rejected in ack.Rejected)
        {
            Settle(rejected.Seq, ref _rejected);
        }

        SettledAll();
    }

    private void SettledAll()
    {
        if (_sendingDone && Stored + Rejected >= Sent)
        {
            _allSettled.TrySetResult();
        }
    }

    private void Settle(long seq, ref long counter)
    {
        // A repeated ack (after a resend) settles nothing twice.
        if (_unacknowledged.TryRemove(seq, out _))
        {
            Interlocked.Increment(ref counter);
            _window.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connectionStop.CancelAsync();
        await Task.WhenAll(_connectionRun ?? Task.CompletedTask, _resender ?? Task.CompletedTask).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _connection.DisposeAsync();
        _connectionStop.Dispose();
        _window.Dispose();
    }
}
