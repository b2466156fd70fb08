using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using AirMonitor.Core.Contract;
using AirMonitor.Mqtt;
using Microsoft.Extensions.Logging.Abstractions;

namespace AirMonitor.Cli.Bench;

/// <summary>
/// One device of the <see cref="LoadGenerator"/>: its own MQTT connection, its messages encoded before the clock starts,
/// the time each one was published and the time its ack arrived. Unlike an edge it never resends: what the ingest does
/// not acknowledge stays unacknowledged and is reported.
/// </summary>
/// <remarks>
/// Light on purpose, so that 10,000 of them in one process do not become what is measured: messages go out through
/// <see cref="MqttConnection.TryPublish"/> (no task per message); a run's payloads are slices of one buffer; an ack is
/// read in place from the receive buffer.
/// </remarks>
internal sealed class BenchDevice : IAsyncDisposable
{
    private readonly MqttConnection _connection;
    private readonly LoadCounters _counters;
    private readonly string _readingsTopic;
    private readonly bool _listenForAcks;
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;

    // The current run: message i is seq _firstSeq + i, its payload _payloads[_offsets[i].._offsets[i + 1]].
    private long _firstSeq;
    private int _count;
    private ReadOnlyMemory<byte> _payloads;
    private int[] _offsets = [0];
    private long[] _publishedAt = [];
    private long[] _ackedAt = [];
    private int _published;
    private int _unsent;
    private long _rejected;
    private long _duplicates;
    private long _unexpected;

    public BenchDevice(MqttOptions mqtt, string id, int index, string clientIdPrefix, LoadCounters counters, string readingsTopic, bool listenForAcks)
    {
        Id = id;
        Index = index;
        _counters = counters;
        _readingsTopic = readingsTopic;
        _listenForAcks = listenForAcks;
        _connection = new MqttConnection(mqtt, $"{clientIdPrefix}-{id}", NullLogger.Instance, MqttSession.Throwaway);
        _connection.Disconnected += counters.Disconnected;
        if (listenForAcks)
        {
            _connection.MessageReceived = OnAck;
        }
    }

    public string Id { get; }

    /// <summary>The device's number, which the harness's value noise depends on.</summary>
    public int Index { get; }

    /// <summary>Messages of the current run.</summary>
    public int Count => _count;

    /// <summary>Messages handed to the connection so far in this run.</summary>
    public int Published => Volatile.Read(ref _published);

    /// <summary>Messages of the run not handed to the connection: skipped (not connected, or its queue full) or never reached.</summary>
    public int Unsent => Volatile.Read(ref _unsent) + (_count - Published);

    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Acks of a seq already acknowledged.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Acks of a seq this run never published.</summary>
    public long Unexpected => Interlocked.Read(ref _unexpected);

    /// <summary>Connects and subscribes to the device's ack topic (and keeps reconnecting until disposed); returns once connected.</summary>
    public Task ConnectAsync(CancellationToken cancellationToken)
    {
        _run ??= _connection.RunAsync(
            (_, ct) => _listenForAcks ? _connection.SubscribeAsync(Topics.Ack(Id), ct) : Task.CompletedTask,
            _stop.Token);
        return _connection.WaitConnectedAsync(cancellationToken);
    }

    /// <summary>Encodes the next run's messages, seq <paramref name="firstSeq"/> onward, and forgets the last run's.</summary>
    public void Prepare(long firstSeq, int count)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Max(256, count * 224));
        var offsets = new int[count + 1];
        for (var i = 0; i < count; i++)
        {
            PeerReadings.Write(buffer, Id, Index, firstSeq + i);
            offsets[i + 1] = buffer.WrittenCount;
        }

        (_firstSeq, _count, _payloads, _offsets) = (firstSeq, count, buffer.WrittenMemory, offsets);
        _publishedAt = new long[count];
        _ackedAt = new long[count];
        _published = _unsent = 0;
        _rejected = _duplicates = _unexpected = 0;
    }

    /// <summary>
    /// Publishes the whole run as fast as the broker takes it, keeping at most about <paramref name="window"/> messages
    /// unacknowledged by the broker (PUBACK). Only the last message of each half window is awaited: the broker
    /// acknowledges in order (MQTT 5, 4.6), so its PUBACK covers the ones before.
    /// </summary>
    public async Task PublishAllAsync(int window, CancellationToken cancellationToken)
    {
        var chunk = Math.Max(1, window / 2);
        Task older = Task.CompletedTask, previous = Task.CompletedTask;
        try
        {
            for (var start = 0; start < _count; start += chunk)
            {
                await older;
                var end = Math.Min(start + chunk, _count);
                for (var i = start; i < end - 1; i++)
                {
                    if (!TryPublish(i))
                    {
                        throw new MqttException($"{Id} could not hand message {i} to its connection");
                    }
                }

                older = previous;
                previous = PublishAndWaitAsync(end - 1, cancellationToken);
            }

            await older;
            await previous;
        }
        catch (MqttException)
        {
            // The connection was lost: what is not handed over stays unsent, and the report counts it.
        }
    }

    /// <summary>Publishes the run's next message now, if any is left (the <see cref="LoadGenerator"/>'s pacer calls this).</summary>
    public void PublishNext()
    {
        var i = _published;
        if (i < _count && !TryPublish(i))
        {
            // Not connected, or the connection's queue is full: this message is never sent.
            Volatile.Write(ref _published, i + 1);
            Interlocked.Increment(ref _unsent);
        }
    }

    /// <summary>Adds each acknowledged message's ack time (and publish time) of this run to the lists.</summary>
    public void CollectAcks(List<long> ackedAt, List<long> latencyTicks)
    {
        for (var i = 0; i < _count; i++)
        {
            var acked = Volatile.Read(ref _ackedAt[i]);
            if (acked != 0)
            {
                ackedAt.Add(acked);
                latencyTicks.Add(acked - _publishedAt[i]);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _connection.DisposeAsync();
        if (_run is not null)
        {
            await _run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stop.Dispose();
    }

    private ReadOnlyMemory<byte> Payload(int i) => _payloads[_offsets[i].._offsets[i + 1]];

    private bool TryPublish(int i)
    {
        _publishedAt[i] = Stopwatch.GetTimestamp();
        if (!_connection.TryPublish(_readingsTopic, Payload(i)))
        {
            _publishedAt[i] = 0;
            return false;
        }

        Volatile.Write(ref _published, i + 1);
        return true;
    }

    private async Task PublishAndWaitAsync(int i, CancellationToken cancellationToken)
    {
        _publishedAt[i] = Stopwatch.GetTimestamp();
        Volatile.Write(ref _published, i + 1);
        await _connection.PublishAsync(_readingsTopic, Payload(i), cancellationToken: cancellationToken);
    }

    // {"device":"dev-0001","stored":[0,1,2],"rejected":[{"seq":3,"reason":"…"}]}, read where it lies.
    private void OnAck(in MqttMessage message)
    {
        var now = Stopwatch.GetTimestamp();
        var settled = 0;
        var reader = new Utf8JsonReader(message.Payload);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    continue;
                }

                if (reader.ValueTextEquals("stored"u8))
                {
                    reader.Read();
                    while (reader.Read() && reader.TokenType == JsonTokenType.Number)
                    {
                        settled += Settle(reader.GetInt64(), now, rejected: false);
                    }
                }
                else if (reader.ValueTextEquals("rejected"u8))
                {
                    reader.Read();
                    while (reader.Read() && reader.CurrentDepth > 1)
                    {
                        if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("seq"u8) && reader.Read())
                        {
                            settled += Settle(reader.GetInt64(), now, rejected: true);
                        }
                    }
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            Interlocked.Increment(ref _unexpected);
        }

        if (settled > 0)
        {
            _counters.Record(settled);
        }
    }

    private int Settle(long seq, long now, bool rejected)
    {
        var i = seq - _firstSeq;
        if (i < 0 || i >= _count || Volatile.Read(ref _publishedAt[i]) == 0)
        {
            Interlocked.Increment(ref _unexpected);
            return 0;
        }

        if (Interlocked.CompareExchange(ref _ackedAt[i], now, 0) != 0)
        {
            Interlocked.Increment(ref _duplicates);
            return 0;
        }

        if (rejected)
        {
            Interlocked.Increment(ref _rejected);
        }

        return 1;
    }
}

/// <summary>What every device of a <see cref="LoadGenerator"/> adds to, as it happens.</summary>
internal sealed class LoadCounters
{
    private long _acknowledged;
    private long _disconnects;

    /// <summary>Messages of this run acknowledged (stored or rejected) to their device, each counted once.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    /// <summary>Device connections lost in this run (each is reconnected).</summary>
    public long Disconnects => Interlocked.Read(ref _disconnects);

    public void Record(int messages) => Interlocked.Add(ref _acknowledged, messages);

    public void Disconnected() => Interlocked.Increment(ref _disconnects);

    /// <summary>Starts counting a new run.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _acknowledged, 0);
        Interlocked.Exchange(ref _disconnects, 0);
    }
}
