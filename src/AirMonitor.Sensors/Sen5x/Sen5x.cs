using System.Device.I2c;
using System.Diagnostics.CodeAnalysis;
using AirMonitor.Sensors.Sensirion;

namespace AirMonitor.Sensors.Sen5x;

/// <summary>
/// Sensirion SEN50/SEN54/SEN55 environmental sensor node on I2C.
/// Owns its <see cref="I2cDevice"/>: <see cref="Dispose"/> stops measuring, then disposes the bus.
/// </summary>
public sealed class Sen5x : SensirionDevice
{
    /// <summary>The SEN5x's fixed I2C address.</summary>
    public const int DefaultI2cAddress = 0x69;

    /// <param name="device">The I2C device at <see cref="DefaultI2cAddress"/>; the driver disposes it.</param>
    /// <param name="variant">Which SEN5x: values it does not measure are reported absent whatever the words say.</param>
    public Sen5x(I2cDevice device, Sen5xVariant variant)
        : base(device)
    {
        Variant = variant;
    }

    public Sen5xVariant Variant { get; }

    protected override TimeSpan ReadTime => Sen5xCommand.ReadTime;

    /// <summary>The variant a product name (<see cref="TryReadProductName"/>, e.g. <c>SEN55</c>) or profile model (<c>sen55</c>) names.</summary>
    public static bool TryParseVariant(string? name, out Sen5xVariant variant)
    {
        Sen5xVariant? parsed = name?.Trim().ToUpperInvariant() switch
        {
            "SEN50" => Sen5xVariant.Sen50,
            "SEN54" => Sen5xVariant.Sen54,
            "SEN55" => Sen5xVariant.Sen55,
            _ => null,
        };
        variant = parsed.GetValueOrDefault();
        return parsed is not null;
    }

    /// <summary>Starts measuring all the variant's values (idle → measurement mode). New data each second.</summary>
    public void StartMeasurement() => Send(Sen5xCommand.StartMeasurement, Sen5xCommand.StartMeasurementTime);

    /// <summary>Stops measuring (measurement → idle mode).</summary>
    public void StopMeasurement() => Send(Sen5xCommand.StopMeasurement, Sen5xCommand.StopMeasurementTime);

    /// <summary>Whether a new measurement is waiting (flag in the low byte); false when the answer's CRC does not match.</summary>
    public bool TryReadDataReady(out bool ready)
    {
        Span<ushort> word = stackalloc ushort[1];
        var valid = TryRead(Sen5xCommand.ReadDataReadyFlag, word);
        ready = valid && (word[0] & 0x00FF) != 0;
        return valid;
    }

    /// <summary>
    /// Reads the newest measurement: false with <see cref="SensorFault.NotReady"/> when the data-ready flag is clear,
    /// <see cref="SensorFault.CrcError"/> when any word's CRC does not match, <see cref="SensorFault.NoValue"/> when
    /// every value the variant has came as "no value". Single values absent are null in the measurement.
    /// </summary>
    public bool TryReadMeasurement([NotNullWhen(true)] out Sen5xMeasurement? measurement, [NotNullWhen(false)] out SensorFault? fault)
    {
        measurement = null;
        Span<ushort> words = stackalloc ushort[Sen5xCommand.MeasuredValuesWords];
        fault = SensirionI2c.ReadyFault(TryReadDataReady(out var ready), ready)
            ?? (TryRead(Sen5xCommand.ReadMeasuredValues, words) ? null : SensorFault.CrcError);
        if (fault is not null)
        {
            return false;
        }

        var decoded = Sen5xMeasurement.FromWords(words, Variant);
        if (!decoded.HasAnyValue)
        {
            fault = SensorFault.NoValue;
            return false;
        }

        measurement = decoded;
        fault = null;
        return true;
    }

    /// <summary>Runs the fan at full speed for 10 s to blow dust out (measurement mode only).</summary>
    public void StartFanCleaning() => Send(Sen5xCommand.StartFanCleaning, Sen5xCommand.FanCleaningTime);

    /// <summary>Soft reset: back to idle mode as after power-up.</summary>
    public void Reset() => Send(Sen5xCommand.Reset, Sen5xCommand.ResetTime);

    /// <summary>The product name, e.g. <c>SEN55</c>; false when a CRC does not match.</summary>
    public bool TryReadProductName([NotNullWhen(true)] out string? productName) => TryReadText(Sen5xCommand.ReadProductName, out productName);

    /// <summary>The serial number (ASCII); false when a CRC does not match.</summary>
    public bool TryReadSerialNumber([NotNullWhen(true)] out string? serialNumber) => TryReadText(Sen5xCommand.ReadSerialNumber, out serialNumber);

    /// <summary>The 32-bit device status register (fan, laser, RH/T, gas sensor errors; fan cleaning active); false when a CRC does not match.</summary>
    public bool TryReadDeviceStatus(out uint status)
    {
        Span<ushort> words = stackalloc ushort[2];
        var valid = TryRead(Sen5xCommand.ReadDeviceStatus, words);
        status = valid ? ((uint)words[0] << 16) | words[1] : 0;
        return valid;
    }

    /// <summary>Stops measuring.</summary>
    protected override void Quiesce() => StopMeasurement();

    private bool TryReadText(ushort command, [NotNullWhen(true)] out string? text)
    {
        Span<ushort> words = stackalloc ushort[Sen5xCommand.TextWords];
        text = TryRead(command, words) ? SensirionI2c.ToAscii(words) : null;
        return text is not null;
    }
}
