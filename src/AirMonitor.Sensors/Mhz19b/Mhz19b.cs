using AirMonitor.Sensors.Uart;

namespace AirMonitor.Sensors.Mhz19b;

/// <summary>
/// Winsen MH-Z19B NDIR CO2 sensor on a UART (9600 8N1). Takes the serial line's stream and owns it; the sensor has no
/// sleep command, so <see cref="Dispose"/> only closes the stream.
/// </summary>
/// <remarks>
/// The sensor speaks only when asked: every read sends <c>FF 01 86 …</c> and waits for the 9-byte answer. The receiver
/// resynchronises on <c>FF 86</c>, so noise or a late answer in front of it is passed over; a wrong checksum is never a value.
/// </remarks>
public sealed class Mhz19b : IDisposable
{
    /// <summary>Preheat time, Winsen MH-Z19B user's manual ("Main parameters"): 3 minutes.</summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromMinutes(3);

    // Three answers' worth: enough to pass a late answer and some noise before giving up.
    internal const int MaxSkippedBytes = 3 * Mhz19bFrame.Length;

    private readonly Stream _stream;
    private readonly SerialReceiveBuffer _received;
    private bool _disposed;

    public Mhz19b(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _received = new SerialReceiveBuffer(stream, 4 * Mhz19bFrame.Length);
    }

    /// <summary>
    /// Sends the read command and reads the answer. Never throws for what arrives (or does not) on the line; an I/O
    /// failure of the port itself propagates.
    /// </summary>
    /// <returns>False with the reason: <see cref="SensorFault.Timeout"/> (no answer, or cut short),
    /// <see cref="SensorFault.ChecksumError"/>, or <see cref="SensorFault.BadFrame"/> (no <c>FF 86</c> answer in what came).</returns>
    public bool TryReadCo2(out int co2PartsPerMillion, out SensorFault fault, out string detail)
    {
        co2PartsPerMillion = 0;
        Send(Mhz19bFrame.Command(Mhz19bFrame.ReadCo2Command));

        var skipped = 0;
        switch (_received.SeekHeader(Mhz19bFrame.Start, Mhz19bFrame.ReadCo2Command, MaxSkippedBytes, ref skipped))
        {
            case HeaderSearch.LineQuiet when skipped == 0 && _received.Count == 0:
                (fault, detail) = (SensorFault.Timeout, "no answer within the read timeout");
                return false;
            case HeaderSearch.LineQuiet or HeaderSearch.NotFound:
                (fault, detail) = (SensorFault.BadFrame, $"{skipped + _received.Count} bytes without an FF 86 answer");
                return false;
        }

        if (!_received.TryFill(Mhz19bFrame.Length))
        {
            (fault, detail) = (SensorFault.Timeout, $"answer cut short after {_received.Count} of {Mhz19bFrame.Length} bytes");
            _received.Skip(1);
            return false;
        }

        var answer = _received.Bytes[..Mhz19bFrame.Length];
        var checksum = Mhz19bFrame.Checksum(answer);
        if (answer[8] != checksum)
        {
            (fault, detail) = (SensorFault.ChecksumError, $"answer {Convert.ToHexString(answer)}: checksum should be {checksum:X2}");
            _received.Skip(1);
            return false;
        }

        co2PartsPerMillion = (answer[2] << 8) | answer[3];
        _received.Skip(Mhz19bFrame.Length);
        (fault, detail) = (default, string.Empty);
        return true;
    }

    /// <summary>Sets the current reading as 400 ppm. Only after 20 minutes in fresh air (400 ppm), per the manual.</summary>
    public void CalibrateZeroPoint() => Send(Mhz19bFrame.Command(Mhz19bFrame.CalibrateZeroCommand));

    /// <summary>Sets the current reading as <paramref name="spanPartsPerMillion"/> (the manual suggests 2000 ppm); zero-calibrate first.</summary>
    public void CalibrateSpanPoint(int spanPartsPerMillion)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(spanPartsPerMillion);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(spanPartsPerMillion, ushort.MaxValue);
        Send(Mhz19bFrame.Command(Mhz19bFrame.CalibrateSpanCommand, (byte)(spanPartsPerMillion >> 8), (byte)spanPartsPerMillion));
    }

    /// <summary>
    /// Automatic baseline correction: the sensor takes the lowest reading of each 24 h as 400 ppm. On from the factory;
    /// turn it off where the air never returns to outdoor levels.
    /// </summary>
    public void SetAutomaticBaselineCorrection(bool enabled) =>
        Send(Mhz19bFrame.Command(Mhz19bFrame.AutomaticBaselineCommand, enabled ? Mhz19bFrame.AutomaticBaselineOn : Mhz19bFrame.AutomaticBaselineOff));

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stream.Dispose();
    }

    private void Send(byte[] command)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _stream.Write(command);
        _stream.Flush();
    }
}
