using System.Device.I2c;
using System.Diagnostics.CodeAnalysis;
using AirMonitor.Sensors.Sensirion;

namespace AirMonitor.Sensors.Sps30;

/// <summary>
/// Sensirion SPS30 particulate matter sensor on I2C (SEL pin to GND), float output format.
/// Owns its <see cref="I2cDevice"/>: <see cref="Dispose"/> stops measuring, then disposes the bus.
/// </summary>
public sealed class Sps30 : SensirionDevice
{
    /// <summary>The SPS30's fixed I2C address.</summary>
    public const int DefaultI2cAddress = 0x69;

    /// <param name="device">The I2C device at <see cref="DefaultI2cAddress"/>; the driver disposes it.</param>
    public Sps30(I2cDevice device)
        : base(device)
    {
    }

    /// <summary>Starts measuring in float output format (idle → measurement mode). New data each second.</summary>
    public void StartMeasurement() => Send(Sps30Command.StartMeasurement, Sps30Command.StartMeasurementTime, Sps30Command.FloatOutputFormat);

    /// <summary>Stops measuring (measurement → idle mode).</summary>
    public void StopMeasurement() => Send(Sps30Command.StopMeasurement, Sps30Command.StopMeasurementTime);

    /// <summary>Whether a new measurement is waiting; false when the answer's CRC does not match.</summary>
    public bool TryReadDataReady(out bool ready)
    {
        Span<ushort> word = stackalloc ushort[1];
        var valid = TryRead(Sps30Command.ReadDataReadyFlag, word);
        ready = valid && (word[0] & 0x00FF) == 1;
        return valid;
    }

    /// <summary>
    /// Reads the newest measurement: false with <see cref="SensorFault.NotReady"/> when the data-ready flag is clear,
    /// <see cref="SensorFault.CrcError"/> when any word's CRC does not match.
    /// </summary>
    public bool TryReadMeasurement([NotNullWhen(true)] out Sps30Measurement? measurement, [NotNullWhen(false)] out SensorFault? fault)
    {
        Span<ushort> words = stackalloc ushort[Sps30Command.MeasuredValuesWords];
        fault = SensirionI2c.ReadyFault(TryReadDataReady(out var ready), ready)
            ?? (TryRead(Sps30Command.ReadMeasuredValues, words) ? null : SensorFault.CrcError);
        if (fault is not null)
        {
            measurement = null;
            return false;
        }

        measurement = Sps30Measurement.FromWords(words);
        return true;
    }

    /// <summary>Enters sleep mode (from idle only; stop measuring first). The I2C interface sleeps too.</summary>
    public void Sleep() => Send(Sps30Command.Sleep, Sps30Command.SleepTime);

    /// <summary>Leaves sleep mode. Sent twice: the first wakes the interface and may not be acknowledged.</summary>
    public void WakeUp()
    {
        try
        {
            SensirionI2c.WriteCommand(Device, Sps30Command.WakeUp);
        }
        catch (IOException)
        {
            // A sleeping interface does not acknowledge the first wake-up; the second one is the one that counts.
        }

        Send(Sps30Command.WakeUp, Sps30Command.WakeUpTime);
    }

    /// <summary>Runs the fan at full speed for 10 s to blow dust out (measurement mode only).</summary>
    public void StartFanCleaning() => Send(Sps30Command.StartFanCleaning, Sps30Command.FanCleaningTime);

    /// <summary>Soft reset: back to idle mode as after power-up.</summary>
    public void Reset() => Send(Sps30Command.Reset, Sps30Command.ResetTime);

    /// <summary>The serial number (ASCII); false when a CRC does not match.</summary>
    public bool TryReadSerialNumber([NotNullWhen(true)] out string? serialNumber)
    {
        Span<ushort> words = stackalloc ushort[Sps30Command.SerialNumberWords];
        serialNumber = TryRead(Sps30Command.ReadSerialNumber, words) ? SensirionI2c.ToAscii(words) : null;
        return serialNumber is not null;
    }

    /// <summary>Stops measuring.</summary>
    protected override void Quiesce() => StopMeasurement();
}
