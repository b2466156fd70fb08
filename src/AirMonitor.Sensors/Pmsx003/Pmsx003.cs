using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using AirMonitor.Sensors.Uart;

namespace AirMonitor.Sensors.Pmsx003;

/// <summary>
/// Plantower PMS5003, PMS7003 and PMSA003 particulate matter sensors on a UART (9600 8N1). Takes the serial line's
/// stream and owns it: <see cref="Dispose"/> puts the sensor to sleep, then closes the stream.
/// </summary>
/// <remarks>
/// The receiver resynchronises on <c>42 4D</c>, so a stream that starts mid-frame, or carries noise or the answers to
/// commands, still yields the next good frame. A <c>42 4D</c> with a wrong length word is a false start: the search goes
/// on, and it is the reported fault (<see cref="SensorFault.BadFrame"/>) if no frame follows. A frame with a wrong
/// checksum is never a value: the read fails, and the bytes after its start are searched again on the next read.
/// </remarks>
public sealed class Pmsx003 : IDisposable
{
    /// <summary>Stable data only from 30 s after waking (the fan's spin-up), per the datasheet.</summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(30);

    // Three frames' worth: enough to pass a partial frame, a command's answer and some noise before giving up.
    internal const int MaxSkippedBytes = 3 * Pmsx003Frame.DataFrameLength;

    // Frames read while waiting for one kind of frame (an acknowledgement, or data past acknowledgements).
    private const int MaxFramesPassed = 8;

    private readonly Stream _stream;
    private readonly SerialReceiveBuffer _received;
    private bool _disposed;

    public Pmsx003(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _received = new SerialReceiveBuffer(stream, 2 * Pmsx003Frame.DataFrameLength);
    }

    private enum FrameKind
    {
        Data,
        Acknowledgement,
        Failed,
    }

    /// <summary>
    /// Sends the mode command and reads up to the sensor's acknowledgement, discarding the data frames it streamed
    /// before it (so that a passive read never answers with a stale frame).
    /// </summary>
    /// <returns>Whether the sensor acknowledged within the read timeout.</returns>
    public bool SetMode(Pmsx003Mode mode)
    {
        var data = mode == Pmsx003Mode.Active ? (byte)1 : (byte)0;
        Send(Pmsx003Frame.SetModeCommand, data);
        for (var i = 0; i < MaxFramesPassed; i++)
        {
            switch (ReadFrame(out _, out var acknowledged, out var fault, out _))
            {
                case FrameKind.Acknowledgement when acknowledged == Pmsx003Frame.SetModeCommand:
                    return true;
                case FrameKind.Failed when fault == SensorFault.Timeout:
                    return false;
            }
        }

        return false;
    }

    /// <summary>Asks for one data frame (passive mode); read it with <see cref="TryReadMeasurement"/>.</summary>
    public void RequestMeasurement() => Send(Pmsx003Frame.ReadCommand, 0x00);

    /// <summary>Stops the fan and laser. The sensor answers with an acknowledgement, which the next read passes over.</summary>
    public void Sleep() => Send(Pmsx003Frame.SleepCommand, 0x00);

    /// <summary>Starts the fan and laser; data is stable <see cref="WarmUp"/> later.</summary>
    public void WakeUp() => Send(Pmsx003Frame.SleepCommand, 0x01);

    /// <summary>
    /// Reads the next data frame: streamed in active mode, or the answer to <see cref="RequestMeasurement"/> in passive
    /// mode. Never throws for what arrives (or does not) on the line; an I/O failure of the port itself propagates.
    /// </summary>
    /// <returns>False with the reason: <see cref="SensorFault.Timeout"/> (nothing came, or a frame was cut short),
    /// <see cref="SensorFault.ChecksumError"/>, or <see cref="SensorFault.BadFrame"/> (wrong length word, only noise).</returns>
    public bool TryReadMeasurement([NotNullWhen(true)] out Pmsx003Measurement? measurement, out SensorFault fault, out string detail)
    {
        for (var i = 0; i < MaxFramesPassed; i++)
        {
            switch (ReadFrame(out measurement, out _, out fault, out detail))
            {
                case FrameKind.Data:
                    return measurement is not null;
                case FrameKind.Failed:
                    return false;
            }
        }

        (measurement, fault, detail) = (null, SensorFault.BadFrame, $"{MaxFramesPassed} acknowledgements and no data frame");
        return false;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            Sleep();
        }
        catch (Exception e) when (e is IOException or TimeoutException or InvalidOperationException)
        {
            // A sensor that is already gone must not keep the port open.
        }

        _disposed = true;
        _stream.Dispose();
    }

    private void Send(byte command, byte data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _stream.Write(Pmsx003Frame.Command(command, data));
        _stream.Flush();
    }

    private FrameKind ReadFrame(out Pmsx003Measurement? measurement, out byte acknowledged, out SensorFault fault, out string detail)
    {
        measurement = null;
        acknowledged = 0;
        var skipped = 0;
        string? falseStart = null;
        while (true)
        {
            switch (_received.SeekHeader(Pmsx003Frame.Start1, Pmsx003Frame.Start2, MaxSkippedBytes, ref skipped))
            {
                case HeaderSearch.LineQuiet when skipped == 0:
                    return Fail(SensorFault.Timeout, _received.Count == 0 ? "no bytes within the read timeout" : CutShort(), out fault, out detail);
                case HeaderSearch.LineQuiet or HeaderSearch.NotFound:
                    return Fail(SensorFault.BadFrame, falseStart ?? $"{skipped} bytes without a 42 4D frame start", out fault, out detail);
            }

            if (!_received.TryFill(4))
            {
                return Fail(SensorFault.Timeout, CutShort(), out fault, out detail);
            }

            var lengthWord = BinaryPrimitives.ReadUInt16BigEndian(_received.Bytes[2..]);
            if (lengthWord == Pmsx003Frame.DataLengthWord)
            {
                if (!_received.TryFill(Pmsx003Frame.DataFrameLength))
                {
                    return Fail(SensorFault.Timeout, CutShort(), out fault, out detail);
                }

                if (!Pmsx003Frame.TryDecode(_received.Bytes[..Pmsx003Frame.DataFrameLength], out measurement, out fault, out detail))
                {
                    _received.Skip(1);
                    return FrameKind.Failed;
                }

                _received.Skip(Pmsx003Frame.DataFrameLength);
                return FrameKind.Data;
            }

            if (lengthWord == Pmsx003Frame.AcknowledgementLengthWord)
            {
                if (!_received.TryFill(Pmsx003Frame.AcknowledgementLength))
                {
                    return Fail(SensorFault.Timeout, CutShort(), out fault, out detail);
                }

                var answer = _received.Bytes[..Pmsx003Frame.AcknowledgementLength];
                if (BinaryPrimitives.ReadUInt16BigEndian(answer[6..]) == Pmsx003Frame.Checksum(answer[..6]))
                {
                    acknowledged = answer[4];
                    _received.Skip(Pmsx003Frame.AcknowledgementLength);
                    (fault, detail) = (default, string.Empty);
                    return FrameKind.Acknowledgement;
                }

                falseStart = $"command answer {Convert.ToHexString(answer)} with a wrong checksum";
            }
            else
            {
                falseStart = $"length word {lengthWord} (expected {Pmsx003Frame.DataLengthWord})";
            }

            // 42 4D in noise, or in the middle of a frame: search on from its second byte, and report it if nothing better comes.
            _received.Skip(1);
            skipped++;
        }
    }

    // Drops the cut frame's first byte, so the next read searches its remaining bytes for a new start.
    private string CutShort()
    {
        var received = _received.Count;
        _received.Skip(1);
        return $"frame cut short after {received} bytes";
    }

    private static FrameKind Fail(SensorFault reason, string why, out SensorFault fault, out string detail)
    {
        (fault, detail) = (reason, why);
        return FrameKind.Failed;
    }
}
