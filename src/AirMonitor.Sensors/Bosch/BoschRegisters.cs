using System.Device.I2c;

namespace AirMonitor.Sensors.Bosch;

/// <summary>
/// The I2C register access the Bosch environmental sensors share (BME280, BME680/688): a register address, then
/// the data (auto-incrementing on reads); the same ctrl_meas layout; sleep before the bus is let go.
/// </summary>
internal sealed class BoschRegisters(I2cDevice device)
{
    private bool _disposed;

    /// <summary>ctrl_meas: osrs_t in bits 7–5, osrs_p in bits 4–2, mode in bits 1–0 (both datasheets).</summary>
    public static byte ControlMeasurement(byte temperatureOversampling, byte pressureOversampling, byte mode) =>
        (byte)((temperatureOversampling << 5) | (pressureOversampling << 2) | mode);

    public byte Read(byte register)
    {
        Span<byte> value = stackalloc byte[1];
        Read(register, value);
        return value[0];
    }

    /// <exception cref="ObjectDisposedException">After <see cref="SleepAndDispose"/>.</exception>
    public void Read(byte first, Span<byte> values)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        device.WriteRead([first], values);
    }

    /// <exception cref="ObjectDisposedException">After <see cref="SleepAndDispose"/>.</exception>
    public void Write(byte register, byte value)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        device.Write([register, value]);
    }

    /// <summary>Writes ctrl_meas with sleep mode, then disposes the bus (also when the bus has already failed); once.</summary>
    public void SleepAndDispose(byte controlMeasurementRegister, byte sleepControlMeasurement)
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            Write(controlMeasurementRegister, sleepControlMeasurement);
        }
        catch (IOException)
        {
            // The bus is gone; the chip sleeps again after its forced measurement anyway.
        }
        finally
        {
            _disposed = true;
            device.Dispose();
        }
    }
}
