using System.Device.I2c;
using System.Diagnostics.CodeAnalysis;

namespace AirMonitor.Sensors.Pmsx003;

/// <summary>
/// Plantower PMSA003I: the PMSA003 with an I2C interface (address 0x12), read as the same 32-byte data frame.
/// It always measures (no sleep or mode commands over I2C); owns the device and disposes it.
/// </summary>
public sealed class Pmsa003i(I2cDevice device) : IDisposable
{
    public const int DefaultI2cAddress = 0x12;

    /// <summary>Reads one data frame; false, with the reason, when its header, length word or checksum is wrong.</summary>
    /// <exception cref="IOException">The I2C bus failed.</exception>
    public bool TryReadMeasurement([NotNullWhen(true)] out Pmsx003Measurement? measurement, out SensorFault fault, out string detail)
    {
        Span<byte> frame = stackalloc byte[Pmsx003Frame.DataFrameLength];
        device.Read(frame);
        return Pmsx003Frame.TryDecode(frame, out measurement, out fault, out detail);
    }

    public void Dispose() => device.Dispose();
}
