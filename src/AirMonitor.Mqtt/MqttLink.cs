using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace AirMonitor.Mqtt;

/// <summary>What one network connection needs from its <see cref="MqttConnection"/>.</summary>
internal sealed record MqttLinkSettings(
    string Host,
    int Port,
    Func<SslClientAuthenticationOptions>? Tls,
    MqttConnectFields Connect,
    TimeSpan ConnectTimeout,
    MqttMessageHandler? Handler,
    Func<CancellationToken, ValueTask>? ReadGate,
    bool ManualAcknowledge,
    TimeSpan ReadInterval,
    ILogger Logger);

/// <summary>
/// One network connection to the broker, from CONNECT until it closes: a receive loop that reads and dispatches
/// packets, a send loop that writes whatever is queued in one write, and a keep-alive watch. Never reconnects
/// (<see cref="MqttConnection"/> does).
/// </summary>
/// <remarks>
/// <para>Receiving: the loop reads as much as the socket holds into a pooled buffer and dispatches every complete
/// packet in it. Before each read it awaits the read gate, so a consumer that cannot take more stops the reading and
/// TCP pushes back on the broker (Mosquitto 2.0.11 sends past the receive maximum, so flow control cannot rely on
/// it). With a <see cref="MqttSession.ReadInterval"/> it waits that long after a read that did not fill the buffer, so a
/// stream of many small messages is read in chunks (tens of messages a wake-up instead of one or two; each wake-up
/// costs several thread switches); a stream faster than that fills the buffer and is read without pause. While idle it
/// holds no buffer: it waits with a zero-byte read.</para>
/// <para>Sending: packets are encoded into a buffer under a lock and written by one loop, all that is queued in one
/// write, so callers never wait on the socket (PUBACKs of a whole batch go out in one write). QoS 1 publishes beyond
/// the broker's receive maximum wait in a bounded queue.</para>
/// <para>The socket's buffer sizes are left to the kernel: setting them turns off Linux's autotuning, and a 16 KiB
/// buffer made the kernel drop segments under load (the stream crawled at ~35 KB/s for tens of seconds).</para>
/// </remarks>
internal sealed partial class MqttLink : IDisposable
{
    /// <summary>QoS 1 publishes that may wait for a slot in the broker's receive maximum; beyond, publishing fails.</summary>
    public const int MaxQueuedPublishes = 10_000;

    private const int MinReadBuffer = 16 * 1024;
    private static long s_lastId;

    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly MqttLinkSettings _settings;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<string> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _flushed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    // Guarded by _lock:
    private readonly Lock _lock = new();
    private readonly Dictionary<ushort, PendingPublish> _inflight = [];
    private readonly Queue<PendingPublish> _queued = new();
    private TaskCompletionSource? _room;
    private readonly Dictionary<ushort, TaskCompletionSource<byte[]>> _subscribes = [];
    private ArrayBufferWriter<byte> _outgoing = new(256);
    private ushort _lastPacketId;
    private bool _closing;
    private bool _isClosed;

    // The receive buffer: bytes [_rxStart, _rxEnd) are read and not yet dispatched. Only the receive loop touches it.
    private byte[]? _rx;
    private int _rxStart;
    private int _rxEnd;
    private int _lastRead;

    private long _lastSentMs = Environment.TickCount64;
    private long _lastReceivedMs = Environment.TickCount64;
    private long _writeStartedMs;
    private volatile bool _gateClosed;

    private MqttLink(Socket socket, Stream stream, MqttLinkSettings settings)
    {
        _socket = socket;
        _stream = stream;
        _settings = settings;
    }

    /// <summary>Distinguishes deliveries of this connection from those of earlier ones (whose PUBACKs must not be sent).</summary>
    public long Id { get; } = Interlocked.Increment(ref s_lastId);

    public bool SessionPresent { get; private set; }

    public bool IsOpen => !_closed.Task.IsCompleted;

    /// <summary>Completes with the reason once the connection is closed.</summary>
    public Task<string> Closed => _closed.Task;

    /// <summary>The broker's receive maximum: QoS 1 publishes it accepts unacknowledged (3.2.2.3.3).</summary>
    public int ServerReceiveMaximum { get; private set; } = ushort.MaxValue;

    public int ServerMaximumPacketSize { get; private set; } = MqttWire.MaxRemainingLength;

    public bool RetainAvailable { get; private set; } = true;

    public TimeSpan KeepAlive { get; private set; }

    /// <summary>Opens the socket (and TLS), sends CONNECT and reads CONNACK; then starts the loops.</summary>
    /// <exception cref="MqttException">The broker refused the connection (with its reason code), or broke the protocol.</exception>
    public static async Task<MqttLink> ConnectAsync(MqttLinkSettings settings, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.ConnectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            await socket.ConnectAsync(settings.Host, settings.Port, timeout.Token);
            stream = new NetworkStream(socket, ownsSocket: true);
            if (settings.Tls is { } tlsOptions)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                await tls.AuthenticateAsClientAsync(tlsOptions(), timeout.Token);
            }

            var link = new MqttLink(socket, stream, settings);
            await link.HandshakeAsync(timeout.Token);
            link.Start();
            return link;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Dispose(socket, stream);
            throw new MqttException($"no CONNACK from {settings.Host}:{settings.Port} within {settings.ConnectTimeout.TotalSeconds:0.#} s");
        }
        catch
        {
            Dispose(socket, stream);
            throw;
        }
    }

    /// <summary>Queues a PUBACK for each delivery of this connection, in order, in one write; false for those of another.</summary>
    public int Acknowledge(ReadOnlySpan<MqttDelivery> deliveries)
    {
        var sent = 0;
        lock (_lock)
        {
            if (_isClosed || _closing)
            {
                return 0;
            }

            foreach (var delivery in deliveries)
            {
                if (delivery.Link == Id && delivery.Qos == MqttQos.AtLeastOnce)
                {
                    MqttWire.WritePubAck(_outgoing, delivery.PacketId);
                    sent++;
                }
            }
        }

        Wake();
        return sent;
    }

    /// <summary>
    /// Queues a PUBLISH. QoS 0 is done once written to the send buffer; QoS 1 once the broker's PUBACK arrives, waiting
    /// in a bounded queue while the broker's receive maximum is used up. <paramref name="done"/> (null for fire and
    /// forget) completes then, or faults with <see cref="MqttException"/> on a refusal or a lost connection.
    /// </summary>
    /// <returns>False when nothing was queued: the connection is closed, the queue is full, or the broker cannot take the message.</returns>
    public bool TryPublish(byte[] topic, ReadOnlyMemory<byte> payload, MqttQos qos, bool retain, TaskCompletionSource? done)
    {
        var size = MqttWire.PublishSize(topic.Length, payload.Length, qos, out _);
        if (size > ServerMaximumPacketSize || (retain && !RetainAvailable))
        {
            done?.TrySetException(new MqttException(size > ServerMaximumPacketSize
                ? $"a message of {size} bytes exceeds the broker's maximum packet size {ServerMaximumPacketSize}"
                : "the broker does not support retained messages"));
            return false;
        }

        lock (_lock)
        {
            if (_isClosed || _closing)
            {
                return false;
            }

            if (qos == MqttQos.AtMostOnce)
            {
                MqttWire.WritePublish(_outgoing, topic, payload.Span, qos, retain, 0);
            }
            else
            {
                var publish = new PendingPublish(topic, payload, retain, done);
                if (_inflight.Count < ServerReceiveMaximum)
                {
                    Send(publish);
                }
                else if (_queued.Count < MaxQueuedPublishes)
                {
                    _queued.Enqueue(publish);
                    return true;
                }
                else
                {
                    return false;
                }
            }
        }

        if (qos == MqttQos.AtMostOnce)
        {
            done?.TrySetResult();
        }

        Wake();
        return true;
    }

    /// <summary>
    /// Completes once a QoS 1 publish would go to the broker at once rather than wait in the queue (fewer than the broker's
    /// receive maximum unacknowledged). Completes too when the connection closes.
    /// </summary>
    public Task WaitForPublishRoomAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_isClosed || HasRoom)
            {
                return Task.CompletedTask;
            }

            _room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _room.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Subscribes and returns the broker's reason code for each filter (3.9.3).</summary>
    public async Task<byte[]> SubscribeAsync(IReadOnlyList<MqttSubscription> subscriptions, CancellationToken cancellationToken)
    {
        var answered = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_isClosed || _closing)
            {
                throw new MqttException("not connected to the broker");
            }

            var id = NextPacketId();
            _subscribes[id] = answered;
            MqttWire.WriteSubscribe(_outgoing, id, subscriptions);
        }

        Wake();
        return await answered.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Sends DISCONNECT (so the broker discards the will), waits up to <paramref name="timeout"/> for it to leave, and closes.</summary>
    public async Task DisconnectAsync(TimeSpan timeout)
    {
        lock (_lock)
        {
            if (_isClosed || _closing)
            {
                return;
            }

            MqttWire.WriteDisconnect(_outgoing);
            _closing = true;
        }

        Wake();
        await _flushed.Task.WaitAsync(timeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Close("disconnected");
    }

    /// <summary>Closes the connection at once; whatever waits for the broker fails with <see cref="MqttException"/>.</summary>
    public void Close(string reason)
    {
        List<PendingPublish> publishes;
        List<TaskCompletionSource<byte[]>> subscribes;
        TaskCompletionSource? room;
        lock (_lock)
        {
            if (_isClosed)
            {
                return;
            }

            _isClosed = true;
            (room, _room) = (_room, null);
            publishes = [.. _inflight.Values, .. _queued];
            subscribes = [.. _subscribes.Values];
            _inflight.Clear();
            _queued.Clear();
            _subscribes.Clear();
        }

        _stop.Cancel();
        Dispose(_socket, _stream);
        var lost = new MqttException($"the connection to the broker was lost ({reason})");
        foreach (var publish in publishes)
        {
            publish.Done?.TrySetException(lost);
        }

        foreach (var subscribe in subscribes)
        {
            subscribe.TrySetException(lost);
        }

        room?.TrySetResult();
        _flushed.TrySetResult();
        _closed.TrySetResult(reason);
    }

    public void Dispose()
    {
        Close("disposed");
        _stop.Dispose();
    }

    private static void Dispose(Socket socket, Stream? stream)
    {
        stream?.Dispose();
        socket.Dispose();
    }

    private async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        MqttWire.WriteConnect(_outgoing, _settings.Connect);
        await _stream.WriteAsync(_outgoing.WrittenMemory, cancellationToken);
        _outgoing.ResetWrittenCount();
        byte type;
        int start, length;
        while (!TryTakePacket(out type, out start, out length))
        {
            if (await ReadAsync(cancellationToken) == 0)
            {
                throw new MqttException("the broker closed the connection before CONNACK");
            }
        }

        if (type != MqttWire.ConnAck)
        {
            throw new MqttProtocolException($"the first packet was 0x{type:X2}, not CONNACK");
        }

        var reader = new MqttPacketReader(_rx.AsSpan(start, length));
        SessionPresent = (reader.Byte() & 1) == 1;
        var reason = reader.Byte();
        string? reasonString = null;
        var keepAlive = _settings.Connect.KeepAliveSeconds;
        reader.Properties((id, value) =>
        {
            switch (id)
            {
                case MqttWire.ReceiveMaximum:
                    ServerReceiveMaximum = (value[0] << 8) | value[1];
                    break;
                case MqttWire.MaximumPacketSize:
                    ServerMaximumPacketSize = (int)Math.Min(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(value), MqttWire.MaxRemainingLength);
                    break;
                case MqttWire.RetainAvailable:
                    RetainAvailable = value[0] == 1;
                    break;
                case MqttWire.ServerKeepAlive:
                    keepAlive = (ushort)((value[0] << 8) | value[1]);
                    break;
                case MqttWire.ReasonString:
                    reasonString = Encoding.UTF8.GetString(value[2..]);
                    break;
            }
        });
        if (reason >= 0x80)
        {
            throw new MqttException($"the broker refused the connection: {MqttReasons.Describe(reason)}{(reasonString is null ? "" : $" ({reasonString})")}") { ReasonCode = reason };
        }

        KeepAlive = TimeSpan.FromSeconds(keepAlive);
    }

    private void Start()
    {
        _ = ReceiveLoopAsync(_stop.Token);
        _ = SendLoopAsync(_stop.Token);
        if (KeepAlive > TimeSpan.Zero)
        {
            _ = KeepAliveLoopAsync(_stop.Token);
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken stop)
    {
        try
        {
            while (true)
            {
                while (TryTakePacket(out var type, out var start, out var length))
                {
                    Dispatch(type, _rx.AsSpan(start, length));
                }

                if (_settings.ReadGate is { } gate)
                {
                    await PassGateAsync(gate(stop));
                }

                // A stream that did not fill the buffer: let more arrive before the next wake-up.
                if (_settings.ReadInterval > TimeSpan.Zero && _lastRead < MinReadBuffer)
                {
                    await Task.Delay(_settings.ReadInterval, stop);
                }

                if (await ReadAsync(stop) == 0)
                {
                    Close("the broker closed the connection");
                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException && stop.IsCancellationRequested)
        {
            // closed
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or MqttException)
        {
            Close(e.Message);
        }
        finally
        {
            if (_rx is not null)
            {
                ArrayPool<byte>.Shared.Return(_rx);
                _rx = null;
            }
        }
    }

    private async ValueTask PassGateAsync(ValueTask gate)
    {
        if (gate.IsCompleted)
        {
            await gate;
            return;
        }

        _gateClosed = true;
        try
        {
            await gate;
        }
        finally
        {
            _gateClosed = false;
            Volatile.Write(ref _lastReceivedMs, Environment.TickCount64);
        }
    }

    /// <summary>Reads what the socket holds after what is buffered; 0 at the end of the stream.</summary>
    private async ValueTask<int> ReadAsync(CancellationToken cancellationToken)
    {
        if (_rxStart == _rxEnd && _lastRead < MinReadBuffer / 4)
        {
            // Idle: hold no buffer while waiting for the broker.
            if (_rx is not null)
            {
                ArrayPool<byte>.Shared.Return(_rx);
                _rx = null;
            }

            _rxStart = _rxEnd = 0;
            if (await _stream.ReadAsync(Memory<byte>.Empty, cancellationToken) != 0)
            {
                throw new InvalidOperationException("a zero-byte read returned data");
            }
        }

        EnsureRoom();
        var read = await _stream.ReadAsync(_rx.AsMemory(_rxEnd), cancellationToken);
        _rxEnd += read;
        _lastRead = read;
        Volatile.Write(ref _lastReceivedMs, Environment.TickCount64);
        return read;
    }

    /// <summary>Makes room to read into: moves a partial packet to the front, or grows the buffer for a large one.</summary>
    private void EnsureRoom()
    {
        var buffered = _rxEnd - _rxStart;
        var needed = MinReadBuffer;
        if (buffered >= 2 && MqttWire.TryReadVarInt(_rx.AsSpan(_rxStart + 1, Math.Min(4, buffered - 1)), out var remaining, out var lengthBytes))
        {
            needed = Math.Max(needed, 1 + lengthBytes + remaining);
        }

        if (_rx is null || _rx.Length < needed)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(needed, MinReadBuffer * 4));
            if (_rx is not null)
            {
                _rx.AsSpan(_rxStart, buffered).CopyTo(grown);
                ArrayPool<byte>.Shared.Return(_rx);
            }

            (_rx, _rxStart, _rxEnd) = (grown, 0, buffered);
        }
        else if (_rxStart > 0 && (_rx.Length - _rxEnd < MinReadBuffer || _rxEnd - _rxStart < _rxStart))
        {
            _rx.AsSpan(_rxStart, buffered).CopyTo(_rx);
            (_rxStart, _rxEnd) = (0, buffered);
        }
    }

    /// <summary>The next complete packet in the buffer: its first byte and where its body lies.</summary>
    /// <exception cref="MqttProtocolException">The packet is larger than this client accepts.</exception>
    private bool TryTakePacket(out byte type, out int bodyStart, out int bodyLength)
    {
        type = 0;
        bodyStart = bodyLength = 0;
        var buffered = _rxEnd - _rxStart;
        if (buffered < 2 || !MqttWire.TryReadVarInt(_rx.AsSpan(_rxStart + 1, Math.Min(4, buffered - 1)), out var remaining, out var lengthBytes))
        {
            return false;
        }

        if (1 + lengthBytes + remaining > _settings.Connect.MaximumPacketSize)
        {
            throw new MqttProtocolException($"a packet of {remaining} bytes exceeds the maximum packet size {_settings.Connect.MaximumPacketSize}");
        }

        if (buffered < 1 + lengthBytes + remaining)
        {
            return false;
        }

        type = _rx![_rxStart];
        bodyStart = _rxStart + 1 + lengthBytes;
        bodyLength = remaining;
        _rxStart = bodyStart + remaining;
        return true;
    }

    private void Dispatch(byte type, ReadOnlySpan<byte> body)
    {
        var reader = new MqttPacketReader(body);
        switch (type & 0xF0)
        {
            case MqttWire.Publish:
                Receive(type, ref reader);
                break;
            case MqttWire.PubAck:
                var id = reader.UInt16();
                Published(id, reader.Remaining > 0 ? reader.Byte() : (byte)0);
                break;
            case MqttWire.SubAck:
                var subscribeId = reader.UInt16();
                reader.Properties();
                Subscribed(subscribeId, reader.Rest().ToArray());
                break;
            case MqttWire.PingResp:
                break;
            case MqttWire.Disconnect:
                var reason = reader.Remaining > 0 ? reader.Byte() : (byte)0;
                throw new MqttException($"the broker disconnected: {MqttReasons.Describe(reason)}") { ReasonCode = reason };
            default:
                throw new MqttProtocolException($"unexpected packet 0x{type:X2}");
        }
    }

    private void Receive(byte type, ref MqttPacketReader reader)
    {
        var qos = (MqttQos)((type >> 1) & 3);
        if (qos > MqttQos.AtLeastOnce)
        {
            throw new MqttProtocolException($"a QoS {(int)qos} message, above what this client subscribes with");
        }

        var topic = reader.Binary();
        if (topic.IsEmpty)
        {
            throw new MqttProtocolException("a PUBLISH without a topic (this client allows no topic aliases)");
        }

        var packetId = qos == MqttQos.AtLeastOnce ? reader.UInt16() : (ushort)0;
        reader.Properties();
        var delivery = new MqttDelivery(Id, packetId, qos);
        try
        {
            _settings.Handler?.Invoke(new MqttMessage(topic, reader.Rest(), qos, (type & 1) == 1, delivery));
        }
        catch (Exception e)
        {
            // Not acknowledged: the broker delivers it again on the next connection.
            LogHandlerFailed(_settings.Logger, e);
            return;
        }

        if (qos == MqttQos.AtLeastOnce && !_settings.ManualAcknowledge)
        {
            Acknowledge([delivery]);
        }
    }

    private void Published(ushort packetId, byte reason)
    {
        PendingPublish? done;
        var sent = false;
        TaskCompletionSource? room = null;
        lock (_lock)
        {
            if (!_inflight.Remove(packetId, out done))
            {
                return;
            }

            while (_inflight.Count < ServerReceiveMaximum && _queued.TryDequeue(out var next))
            {
                Send(next);
                sent = true;
            }

            if (HasRoom)
            {
                (room, _room) = (_room, null);
            }
        }

        room?.TrySetResult();

        if (sent)
        {
            Wake();
        }

        if (reason >= 0x80)
        {
            done.Done?.TrySetException(new MqttException($"the broker refused the message: {MqttReasons.Describe(reason)}") { ReasonCode = reason });
        }
        else
        {
            done.Done?.TrySetResult();
        }
    }

    private void Subscribed(ushort packetId, byte[] reasons)
    {
        TaskCompletionSource<byte[]>? answered;
        lock (_lock)
        {
            _subscribes.Remove(packetId, out answered);
        }

        answered?.TrySetResult(reasons);
    }

    /// <summary>Under the lock: a QoS 1 publish would go out at once.</summary>
    private bool HasRoom => _queued.Count == 0 && _inflight.Count < ServerReceiveMaximum;

    /// <summary>Under the lock: gives the publish a packet identifier and writes it.</summary>
    private void Send(PendingPublish publish)
    {
        var id = NextPacketId();
        _inflight[id] = publish;
        MqttWire.WritePublish(_outgoing, publish.Topic, publish.Payload.Span, MqttQos.AtLeastOnce, publish.Retain, id);
    }

    /// <summary>Under the lock: the next packet identifier not in use (2.2.1: non-zero, unique among unacknowledged packets).</summary>
    private ushort NextPacketId()
    {
        do
        {
            _lastPacketId = (ushort)(_lastPacketId == ushort.MaxValue ? 1 : _lastPacketId + 1);
        }
        while (_inflight.ContainsKey(_lastPacketId) || _subscribes.ContainsKey(_lastPacketId));

        return _lastPacketId;
    }

    private void Wake() => _wake.Writer.TryWrite(true);

    private async Task SendLoopAsync(CancellationToken stop)
    {
        var writing = new ArrayBufferWriter<byte>(256);
        try
        {
            while (await _wake.Reader.WaitToReadAsync(stop))
            {
                _wake.Reader.TryRead(out _);
                while (true)
                {
                    bool closing;
                    lock (_lock)
                    {
                        closing = _closing;
                        if (_outgoing.WrittenCount > 0)
                        {
                            (_outgoing, writing) = (writing, _outgoing);
                        }
                    }

                    if (writing.WrittenCount == 0)
                    {
                        if (closing)
                        {
                            _flushed.TrySetResult();
                        }

                        break;
                    }

                    Volatile.Write(ref _writeStartedMs, Environment.TickCount64);
                    await _stream.WriteAsync(writing.WrittenMemory, stop);
                    Volatile.Write(ref _writeStartedMs, 0);
                    Volatile.Write(ref _lastSentMs, Environment.TickCount64);

                    // A burst (a large message, a batch of acks) must not keep a large buffer for the life of the connection.
                    writing = writing.Capacity > 256 * 1024 ? new ArrayBufferWriter<byte>(256) : writing;
                    writing.ResetWrittenCount();
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException && stop.IsCancellationRequested)
        {
            // closed
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            Close(e.Message);
        }
    }

    /// <summary>
    /// Sends PINGREQ when nothing was sent for half the keep-alive (3.1.2.10), and closes the connection when nothing
    /// arrived for 1.5 × keep-alive while reading (3.1.2.10 asks the same of the server) or a write hangs that long.
    /// </summary>
    private async Task KeepAliveLoopAsync(CancellationToken stop)
    {
        var keepAliveMs = (long)KeepAlive.TotalMilliseconds;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Clamp(keepAliveMs / 4, 100, 5_000)));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var now = Environment.TickCount64;
                var writeStarted = Volatile.Read(ref _writeStartedMs);
                if (writeStarted != 0 && now - writeStarted > keepAliveMs * 3 / 2)
                {
                    Close($"a write to the broker has not completed in {KeepAlive.TotalSeconds * 1.5:0.#} s");
                    return;
                }

                if (!_gateClosed && now - Volatile.Read(ref _lastReceivedMs) > keepAliveMs * 3 / 2)
                {
                    Close($"nothing received from the broker in {KeepAlive.TotalSeconds * 1.5:0.#} s");
                    return;
                }

                if (now - Volatile.Read(ref _lastSentMs) >= keepAliveMs / 2)
                {
                    lock (_lock)
                    {
                        if (_isClosed || _closing)
                        {
                            return;
                        }

                        MqttWire.WritePingReq(_outgoing);
                    }

                    Wake();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // closed
        }
    }

    private sealed record PendingPublish(byte[] Topic, ReadOnlyMemory<byte> Payload, bool Retain, TaskCompletionSource? Done);

    [LoggerMessage(Level = LogLevel.Error, Message = "The MQTT message handler failed; the message is left unacknowledged for redelivery")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception);
}
