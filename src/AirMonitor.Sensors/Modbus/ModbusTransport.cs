using System.Diagnostics;

namespace AirMonitor.Sensors.Modbus;

/// <summary>
/// A link to one or more Modbus servers (a TCP connection, an RS-485 line) that carries one request at a time. Several
/// <see cref="ModbusClient"/>s (unit ids) may share one: it is safe from any thread and serialises their requests.
/// </summary>
public interface IModbusTransport : IDisposable
{
    /// <summary>
    /// Sends <paramref name="requestPdu"/> to <paramref name="unitId"/> and returns its response PDU (function code
    /// onward), which may be an exception response. <paramref name="timeout"/> counts from when the link is this request's.
    /// </summary>
    /// <exception cref="ModbusException">Timeout, BadFrame or LinkDown.</exception>
    byte[] Exchange(byte unitId, ReadOnlySpan<byte> requestPdu, TimeSpan timeout);
}

/// <summary>When a request's time is up.</summary>
internal readonly struct ModbusDeadline
{
    // Real time, not a TimeProvider: the socket and the serial line wait in real time, a fake clock could not move them.
    private readonly long _timestamp;

    private ModbusDeadline(long timestamp) => _timestamp = timestamp;

    public static ModbusDeadline After(TimeSpan timeout) =>
        new(Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency));

    public TimeSpan Remaining
    {
        get
        {
            var now = Stopwatch.GetTimestamp();
            return now >= _timestamp ? TimeSpan.Zero : Stopwatch.GetElapsedTime(now, _timestamp);
        }
    }

    /// <summary>What is left in whole milliseconds, rounded up, at least 1 (a read timeout of 0 means something else to some streams).</summary>
    public int RemainingMilliseconds => Math.Max(1, (int)Math.Ceiling(Remaining.TotalMilliseconds));

    public bool HasPassed => Remaining == TimeSpan.Zero;
}
