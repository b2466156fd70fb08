using System.IO.Ports;

namespace AirMonitor.Sensors.Uart;

// The UART plumbing the Plantower (Pmsx003/) and Winsen (Mhz19b/) drivers share.

/// <summary>Opens the serial ports of UART sensors: 9600 8N1, the line every Plantower and Winsen part speaks.</summary>
internal static class SerialLine
{
    public const int BaudRate = 9600;

    /// <summary>Opens <see cref="SensorConnection.Port"/> and gives its stream; disposing the stream closes the port.</summary>
    /// <exception cref="ArgumentException">The connection names no port.</exception>
    public static Stream Open(SensorConnection connection, TimeSpan readTimeout)
    {
        if (string.IsNullOrWhiteSpace(connection.Port))
        {
            throw new ArgumentException($"{connection.Model}: a serial port is required (e.g. port: /dev/ttyAMA0)", nameof(connection));
        }

        var port = new SerialPort(connection.Port, BaudRate, Parity.None, 8, StopBits.One)
        {
            ReadTimeout = (int)readTimeout.TotalMilliseconds,
            WriteTimeout = (int)readTimeout.TotalMilliseconds,
        };
        try
        {
            port.Open();
            return port.BaseStream;
        }
        catch
        {
            port.Dispose();
            throw;
        }
    }
}

/// <summary>
/// The bytes a UART driver has received and not yet consumed, so that it can resynchronise on a frame header
/// without losing the bytes after a false start. A read timeout and the end of the stream both mean the line went quiet.
/// </summary>
internal sealed class SerialReceiveBuffer(Stream stream, int capacity)
{
    private readonly byte[] _buffer = new byte[capacity];
    private int _start;

    public int Count { get; private set; }

    public ReadOnlySpan<byte> Bytes => _buffer.AsSpan(_start, Count);

    /// <summary>Reads until at least <paramref name="count"/> bytes are buffered; false when the line went quiet first.</summary>
    public bool TryFill(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length);
        if (_start + count > _buffer.Length)
        {
            Bytes.CopyTo(_buffer);
            _start = 0;
        }

        while (Count < count)
        {
            int read;
            try
            {
                read = stream.Read(_buffer, _start + Count, count - Count);
            }
            catch (TimeoutException)
            {
                return false;
            }

            if (read == 0)
            {
                return false;
            }

            Count += read;
        }

        return true;
    }

    public void Skip(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        _start += count;
        Count -= count;
        if (Count == 0)
        {
            _start = 0;
        }
    }

    /// <summary>
    /// Drops bytes until the buffer starts with the two-byte header, adding each dropped byte to <paramref name="skipped"/>;
    /// stops without dropping more once <paramref name="skipped"/> reaches <paramref name="maxSkipped"/>.
    /// </summary>
    public HeaderSearch SeekHeader(byte first, byte second, int maxSkipped, ref int skipped)
    {
        while (true)
        {
            if (!TryFill(2))
            {
                return HeaderSearch.LineQuiet;
            }

            if (_buffer[_start] == first && _buffer[_start + 1] == second)
            {
                return HeaderSearch.Found;
            }

            if (skipped >= maxSkipped)
            {
                return HeaderSearch.NotFound;
            }

            Skip(1);
            skipped++;
        }
    }
}

internal enum HeaderSearch
{
    Found,

    /// <summary>The line went quiet (read timeout, end of stream) before a header came.</summary>
    LineQuiet,

    /// <summary>The skip budget ran out: the bytes are noise, or another device's frames.</summary>
    NotFound,
}
