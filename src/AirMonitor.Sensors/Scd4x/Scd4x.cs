using System.Device.I2c;
using System.Diagnostics.CodeAnalysis;
using AirMonitor.Sensors.Sensirion;

namespace AirMonitor.Sensors.Scd4x;

/// <summary>
/// Sensirion SCD40/SCD41 photoacoustic CO2 sensor on I2C.
/// Owns its <see cref="I2cDevice"/>: <see cref="Dispose"/> stops periodic measurement, then disposes the bus.
/// </summary>
public sealed class Scd4x : SensirionDevice
{
    /// <summary>The SCD4x's fixed I2C address.</summary>
    public const int DefaultI2cAddress = 0x62;

    /// <summary>The ambient pressure range the datasheet accepts for compensation.</summary>
    public const double MinAmbientPressureHectopascals = 700;

    /// <inheritdoc cref="MinAmbientPressureHectopascals"/>
    public const double MaxAmbientPressureHectopascals = 1200;

    /// <param name="device">The I2C device at <see cref="DefaultI2cAddress"/>; the driver disposes it.</param>
    public Scd4x(I2cDevice device)
        : base(device)
    {
    }

    protected override TimeSpan ReadTime => Scd4xCommand.ReadTime;

    /// <summary>Starts periodic measurement: new data every 5 s (idle mode only).</summary>
    public void StartPeriodicMeasurement() => SensirionI2c.WriteCommand(Device, Scd4xCommand.StartPeriodicMeasurement);

    /// <summary>Starts low-power periodic measurement: new data every 30 s (idle mode only).</summary>
    public void StartLowPowerPeriodicMeasurement() => SensirionI2c.WriteCommand(Device, Scd4xCommand.StartLowPowerPeriodicMeasurement);

    /// <summary>Stops periodic measurement; the sensor answers other commands only after 500 ms.</summary>
    public void StopPeriodicMeasurement() => Send(Scd4xCommand.StopPeriodicMeasurement, Scd4xCommand.StopPeriodicMeasurementTime);

    /// <summary>One measurement on demand, waiting the 5 s it takes (SCD41 only, idle mode); read it with <see cref="TryReadMeasurement"/>.</summary>
    public void MeasureSingleShot() => Send(Scd4xCommand.MeasureSingleShot, Scd4xCommand.SingleShotTime);

    /// <summary>Whether a new measurement is waiting (<c>(word &amp; 0x07FF) != 0</c>); false when the answer's CRC does not match.</summary>
    public bool TryReadDataReady(out bool ready)
    {
        Span<ushort> word = stackalloc ushort[1];
        var valid = TryRead(Scd4xCommand.GetDataReadyStatus, word);
        ready = valid && (word[0] & Scd4xCommand.DataReadyMask) != 0;
        return valid;
    }

    /// <summary>
    /// Reads the newest measurement: false with <see cref="SensorFault.NotReady"/> when no new data is waiting (the sensor
    /// would NACK the read), <see cref="SensorFault.CrcError"/> when any word's CRC does not match.
    /// </summary>
    public bool TryReadMeasurement([NotNullWhen(true)] out Scd4xMeasurement? measurement, [NotNullWhen(false)] out SensorFault? fault)
    {
        Span<ushort> words = stackalloc ushort[3];
        fault = SensirionI2c.ReadyFault(TryReadDataReady(out var ready), ready)
            ?? (TryRead(Scd4xCommand.ReadMeasurement, words) ? null : SensorFault.CrcError);
        if (fault is not null)
        {
            measurement = null;
            return false;
        }

        measurement = Scd4xMeasurement.FromWords(words);
        return true;
    }

    /// <summary>
    /// Compensates CO2 for the ambient pressure (overrides the altitude setting). Allowed during periodic measurement,
    /// so it can follow a barometer.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside 700–1200 hPa.</exception>
    public void SetAmbientPressure(double hectopascals)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hectopascals, MinAmbientPressureHectopascals);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hectopascals, MaxAmbientPressureHectopascals);

        // The argument is Pa / 100, i.e. whole hectopascals.
        Send(Scd4xCommand.SetAmbientPressure, Scd4xCommand.SetAmbientPressureTime, (ushort)Math.Round(hectopascals));
    }

    /// <summary>
    /// Forced recalibration to a reference CO2 concentration (idle mode, after at least 3 minutes of measuring in that air).
    /// False when the CRC does not match or the sensor reports the recalibration failed.
    /// </summary>
    /// <param name="targetCo2Ppm">The reference concentration the sensor is exposed to.</param>
    /// <param name="correctionPpm">The correction the sensor applied.</param>
    public bool TryPerformForcedRecalibration(int targetCo2Ppm, out int correctionPpm)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(targetCo2Ppm);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(targetCo2Ppm, ushort.MaxValue);
        Send(Scd4xCommand.PerformForcedRecalibration, Scd4xCommand.ForcedRecalibrationTime, (ushort)targetCo2Ppm);
        Span<ushort> word = stackalloc ushort[1];
        var valid = SensirionI2c.TryReadWords(Device, word) && word[0] != Scd4xCommand.FailedRecalibration;
        correctionPpm = valid ? word[0] - Scd4xCommand.RecalibrationCorrectionOffset : 0;
        return valid;
    }

    /// <summary>Stores the settings (temperature offset, altitude, ASC) in EEPROM (idle mode; at least 2000 write cycles).</summary>
    public void PersistSettings() => Send(Scd4xCommand.PersistSettings, Scd4xCommand.PersistSettingsTime);

    /// <summary>Reloads the settings from EEPROM (idle mode).</summary>
    public void Reinit() => Send(Scd4xCommand.Reinit, Scd4xCommand.ReinitTime);

    /// <summary>The 48-bit serial number (idle mode); false when a CRC does not match.</summary>
    public bool TryReadSerialNumber(out ulong serialNumber)
    {
        Span<ushort> words = stackalloc ushort[3];
        var valid = TryRead(Scd4xCommand.GetSerialNumber, words);
        serialNumber = valid ? ((ulong)words[0] << 32) | ((ulong)words[1] << 16) | words[2] : 0;
        return valid;
    }

    /// <summary>Stops periodic measurement.</summary>
    protected override void Quiesce() => StopPeriodicMeasurement();
}
