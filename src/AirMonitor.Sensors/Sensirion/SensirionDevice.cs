using System.Device.I2c;

namespace AirMonitor.Sensors.Sensirion;

/// <summary>
/// What every Sensirion I2C driver shares: it owns its <see cref="I2cDevice"/>, waits the datasheet's execution
/// times, sends a command then reads the answer's words, and on <see cref="Dispose"/> puts the sensor to rest
/// (<see cref="Quiesce"/>) before disposing the bus, even when the sensor has gone from it.
/// </summary>
public abstract class SensirionDevice : IDisposable
{
    private I2cDevice? _device;

    /// <param name="device">The I2C device at the sensor's address; the driver disposes it.</param>
    protected SensirionDevice(I2cDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
    }

    /// <summary>The datasheet's waits (Thread.Sleep); tests replace it to run without waiting and to see the waits.</summary>
    internal Action<TimeSpan> Wait { get; set; } = Thread.Sleep;

    protected I2cDevice Device => _device ?? throw new ObjectDisposedException(GetType().Name);

    /// <summary>The wait between a read command and its answer (zero: none).</summary>
    protected virtual TimeSpan ReadTime => TimeSpan.Zero;

    public void Dispose()
    {
        if (_device is null)
        {
            return;
        }

        try
        {
            Quiesce();
        }
        catch (IOException)
        {
            // Idle, asleep or gone from the bus: it must be released all the same.
        }
        finally
        {
            _device.Dispose();
            _device = null;
            GC.SuppressFinalize(this);
        }
    }

    /// <summary>Stops measuring (or turns the heater off) before the bus is released.</summary>
    protected abstract void Quiesce();

    /// <summary>Sends a command with its argument words, then waits its execution time.</summary>
    protected void Send(ushort command, TimeSpan executionTime, params ReadOnlySpan<ushort> arguments)
    {
        SensirionI2c.WriteCommand(Device, command, arguments);
        if (executionTime > TimeSpan.Zero)
        {
            Wait(executionTime);
        }
    }

    /// <summary>Sends a read command, waits <see cref="ReadTime"/>, reads the words; false when a CRC does not match.</summary>
    protected bool TryRead(ushort command, Span<ushort> words) => TryRead(command, ReadTime, words);

    /// <summary>Sends a command, waits its execution time, reads the words; false when a CRC does not match.</summary>
    protected bool TryRead(ushort command, TimeSpan executionTime, Span<ushort> words, params ReadOnlySpan<ushort> arguments)
    {
        Send(command, executionTime, arguments);
        return SensirionI2c.TryReadWords(Device, words);
    }
}
