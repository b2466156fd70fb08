using System.IO.Ports;

namespace AirMonitor.Sensors.Modbus;

/// <summary>
/// Modbus RTU on a serial line (MODBUS over Serial Line V1.02): each PDU between the unit id and a CRC-16. Before each
/// request the line must be silent for t3.5; what arrived meanwhile (a late answer to a request that timed out) is
/// dropped, so it is not taken for the next one's. Owns the stream.
/// </summary>
public sealed class ModbusRtuTransport : IModbusTransport
{
    /// <summary>A character on the line: start bit, 8 data bits, parity or a second stop bit, stop bit (§2.5.1).</summary>
    private const int BitsPerCharacter = 11;

    /// <summary>Unit id, the largest PDU, CRC (§2.5.1.1: 256 bytes).</summary>
    private const int MaxFrameLength = 1 + ModbusPdu.MaxLength + 2;

    private readonly object _gate = new();
    private readonly Stream _stream;
    private readonly byte[] _frame = new byte[MaxFrameLength];
    private bool _disposed;

    /// <param name="stream">A serial line whose reads time out (<see cref="SerialPort.BaseStream"/>).</param>
    /// <param name="baudRate">The line's speed, for the silent interval.</param>
    public ModbusRtuTransport(Stream stream, int baudRate)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(baudRate);
        if (!stream.CanRead || !stream.CanWrite || !stream.CanTimeout)
        {
            throw new ArgumentException("Modbus RTU needs a readable, writable stream whose reads time out (SerialPort.BaseStream)", nameof(stream));
        }

        _stream = stream;
        SilentInterval = SilentIntervalAt(baudRate);
    }

    /// <summary>t3.5, the silence that separates frames.</summary>
    public TimeSpan SilentInterval { get; }

    /// <summary>Opens a serial port with 8 data bits (§2.5.1: 1 start, 8 data, even parity by default, 1 stop; no parity takes 2 stop bits).</summary>
    public static ModbusRtuTransport OpenSerial(string portName, int baudRate, Parity parity, StopBits stopBits)
    {
        var port = new SerialPort(portName, baudRate, parity, 8, stopBits);
        try
        {
            port.Open();
            return new ModbusRtuTransport(port.BaseStream, baudRate); // disposing the stream closes the port
        }
        catch
        {
            port.Dispose();
            throw;
        }
    }

    /// <summary>3.5 character times; above 19200 bps a fixed 1.750 ms (§2.5.1.1), since the UART's timing cannot keep up.</summary>
    public static TimeSpan SilentIntervalAt(int baudRate) =>
        baudRate > 19200 ? TimeSpan.FromMicroseconds(1750) : TimeSpan.FromSeconds(3.5 * BitsPerCharacter / baudRate);

    public byte[] Exchange(byte unitId, ReadOnlySpan<byte> requestPdu, TimeSpan timeout)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var deadline = ModbusDeadline.After(timeout);
            try
            {
                AwaitSilence(deadline);
                _stream.Write(Frame(unitId, requestPdu));
                _stream.Flush();
                return Receive(unitId, deadline);
            }
            catch (TimeoutException e)
            {
                throw new ModbusException(ModbusFailure.Timeout, "serial line: the request could not be written within the stream's write timeout", inner: e);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                throw new ModbusException(ModbusFailure.LinkDown, $"serial line: {e.Message}", inner: e);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _stream.Dispose();
        }
    }

    /// <summary>The unit id, the PDU and its CRC, low byte first.</summary>
    internal static byte[] Frame(byte unitId, ReadOnlySpan<byte> pdu)
    {
        var frame = new byte[1 + pdu.Length + 2];
        frame[0] = unitId;
        pdu.CopyTo(frame.AsSpan(1));
        var crc = ModbusCrc16.Compute(frame.AsSpan(0, frame.Length - 2));
        frame[^2] = (byte)crc;
        frame[^1] = (byte)(crc >> 8);
        return frame;
    }

    private void AwaitSilence(ModbusDeadline deadline)
    {
        var silence = (int)Math.Ceiling(SilentInterval.TotalMilliseconds);
        while (ReadWithin(_frame, silence) > 0)
        {
            if (deadline.HasPassed)
            {
                throw new ModbusException(ModbusFailure.Timeout, $"serial line: never silent for {SilentInterval.TotalMilliseconds:0.###} ms within the timeout");
            }
        }
    }

    private byte[] Receive(byte unitId, ModbusDeadline deadline)
    {
        // Unit id, function code, and the byte count or exception code that tells the frame's length.
        Fill(0, 3, deadline);
        var pduLength = ModbusPdu.ResponseLength(_frame[1], _frame[2])
            ?? throw new ModbusException(ModbusFailure.BadFrame, $"serial line: function code 0x{_frame[1]:X2} in a response");
        var length = 1 + pduLength + 2;
        Fill(3, length, deadline);
        var frame = _frame.AsSpan(0, length);
        if (!ModbusCrc16.IsValidFrame(frame))
        {
            throw new ModbusException(ModbusFailure.BadFrame, $"serial line: CRC error in {Convert.ToHexString(frame)}");
        }

        if (frame[0] != unitId)
        {
            throw new ModbusException(ModbusFailure.BadFrame, $"serial line: unit {frame[0]} answered a request to unit {unitId}");
        }

        return frame[1..^2].ToArray();
    }

    private void Fill(int from, int to, ModbusDeadline deadline)
    {
        for (var filled = from; filled < to;)
        {
            var read = ReadWithin(_frame.AsSpan(filled, to - filled), deadline.RemainingMilliseconds);
            if (read > 0)
            {
                filled += read;
            }
            else if (deadline.HasPassed)
            {
                throw new ModbusException(ModbusFailure.Timeout, filled == 0 ? "serial line: no answer within the timeout" : $"serial line: {filled} bytes of an answer within the timeout");
            }
        }
    }

    /// <summary>The bytes read, or −1 when none came within <paramref name="milliseconds"/>.</summary>
    private int ReadWithin(Span<byte> buffer, int milliseconds)
    {
        _stream.ReadTimeout = milliseconds;
        try
        {
            var read = _stream.Read(buffer);
            return read > 0 ? read : throw new IOException("the serial line ended");
        }
        catch (TimeoutException)
        {
            return -1;
        }
    }
}
