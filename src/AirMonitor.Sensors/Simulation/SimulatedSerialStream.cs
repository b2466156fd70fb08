namespace AirMonitor.Sensors.Simulation;

/// <summary>
/// A serial line in software with a simulated UART device on the far end: the base of every simulated UART sensor,
/// used by the drivers' tests and by the edge on a laptop. The driver's writes are recorded and handed to
/// <see cref="OnWrite"/>; the device <see cref="Enqueue"/>s the bytes the driver will read (frames, garbage, half
/// frames). Like <c>SerialPort.BaseStream</c>, a read blocks until at least one byte is there and throws
/// <see cref="TimeoutException"/> when none came within <see cref="ReadTimeout"/>.
/// </summary>
public class SimulatedSerialStream : Stream
{
    private readonly Queue<byte> _received = new();
    private readonly object _gate = new();
    private int _readTimeoutMilliseconds;
    private bool _disposed;

    /// <param name="readTimeout">How long a read waits for a byte; <see cref="Timeout.InfiniteTimeSpan"/> waits for ever.</param>
    public SimulatedSerialStream(TimeSpan readTimeout)
    {
        ReadTimeout = (int)readTimeout.TotalMilliseconds;
    }

    /// <summary>With the one-second read timeout the edge's serial ports use.</summary>
    public SimulatedSerialStream()
        : this(TimeSpan.FromSeconds(1))
    {
    }

    /// <summary>Every write the driver made, oldest first (tests check commands against the datasheet).</summary>
    public List<byte[]> Writes { get; } = [];

    /// <summary>When set, the next read or write throws it, as a failing serial driver would (e.g. an <see cref="IOException"/>).</summary>
    public Exception? FailNext { get; set; }

    /// <summary>Bytes waiting for the driver to read.</summary>
    public int PendingBytes
    {
        get
        {
            lock (_gate)
            {
                return _received.Count;
            }
        }
    }

    /// <summary>Whether the driver disposed the stream (drivers own their bus).</summary>
    public bool IsDisposed => _disposed;

    public override bool CanRead => !_disposed;

    public override bool CanWrite => !_disposed;

    public override bool CanSeek => false;

    public override bool CanTimeout => true;

    /// <summary>Milliseconds, as on <c>SerialPort</c>; <see cref="Timeout.Infinite"/> waits for ever.</summary>
    public override int ReadTimeout
    {
        get => _readTimeoutMilliseconds;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, Timeout.Infinite);
            _readTimeoutMilliseconds = value;
        }
    }

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Puts bytes on the line for the driver to read; may be called from any thread.</summary>
    public void Enqueue(ReadOnlySpan<byte> bytes)
    {
        lock (_gate)
        {
            foreach (var b in bytes)
            {
                _received.Enqueue(b);
            }

            Monitor.PulseAll(_gate);
        }
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public override int Read(Span<byte> buffer)
    {
        ThrowIfUnusable();
        if (buffer.IsEmpty)
        {
            return 0;
        }

        lock (_gate)
        {
            if (_received.Count == 0)
            {
                OnReadWaiting();
            }

            var deadline = Environment.TickCount64 + _readTimeoutMilliseconds;
            while (_received.Count == 0)
            {
                var remaining = _readTimeoutMilliseconds == Timeout.Infinite ? Timeout.Infinite : (int)Math.Max(0, deadline - Environment.TickCount64);
                if (remaining == 0 || !Monitor.Wait(_gate, remaining))
                {
                    throw new TimeoutException("The operation has timed out.");
                }
            }

            var read = 0;
            while (read < buffer.Length && _received.TryDequeue(out var b))
            {
                buffer[read++] = b;
            }

            return read;
        }
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        Write(buffer.AsSpan(offset, count));
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ThrowIfUnusable();
        Writes.Add(buffer.ToArray());
        OnWrite(buffer);
    }

    public override void Flush() => ObjectDisposedException.ThrowIf(_disposed, this);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>The device receives what the driver wrote (a command); answer by <see cref="Enqueue"/>.</summary>
    protected virtual void OnWrite(ReadOnlySpan<byte> written)
    {
    }

    /// <summary>The driver waits on an empty line: a device that streams on its own (active mode) enqueues its next frame here.</summary>
    protected virtual void OnReadWaiting()
    {
    }

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        base.Dispose(disposing);
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (FailNext is { } failure)
        {
            FailNext = null;
            throw failure;
        }
    }
}
