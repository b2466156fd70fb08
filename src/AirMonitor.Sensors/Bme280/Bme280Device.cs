using System.Device.I2c;

namespace AirMonitor.Sensors.Bme280;

/// <summary>One compensated BME280 measurement; pressure or humidity is null when its oversampling is <see cref="Bme280Oversampling.Skipped"/>.</summary>
public readonly record struct Bme280Measurement(double TemperatureCelsius, double? PressurePascals, double? HumidityPercent)
{
    public double? PressureHectopascals => PressurePascals / 100.0;
}

/// <summary>
/// Bosch BME280 humidity, pressure and temperature sensor on I2C (0x76 with SDO to GND, 0x77 with SDO to VDDIO),
/// measuring in forced mode: each read starts one measurement and the chip returns to sleep after it.
/// Owns the <see cref="I2cDevice"/>: <see cref="Dispose"/> puts the chip to sleep, then disposes the bus.
/// </summary>
public sealed class Bme280Device : IDisposable
{
    public const int DefaultAddress = 0x76;
    public const int SecondaryAddress = 0x77;

    private static readonly TimeSpan StartUpTime = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan StatusPollInterval = TimeSpan.FromMilliseconds(1);
    private const int StatusPolls = 20;

    private readonly I2cDevice _device;
    private bool _disposed;

    /// <summary>Checks the chip id, soft-resets the chip, reads its calibration and applies <paramref name="settings"/>.</summary>
    /// <exception cref="InvalidOperationException">The chip is not a BME280 (e.g. a BMP280, which has no humidity sensor).</exception>
    public Bme280Device(I2cDevice device, Bme280Settings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
        Settings = settings ?? new Bme280Settings();

        var chipId = ReadRegister(Bme280Registers.ChipId);
        if (chipId != Bme280Registers.Bme280ChipId)
        {
            throw new InvalidOperationException(chipId == Bme280Registers.Bmp280ChipId
                ? $"bme280: chip id 0x{chipId:X2} at address 0x{device.ConnectionSettings.DeviceAddress:X2} is a BMP280 (pressure and temperature only, no humidity), not a BME280 (0x60)"
                : $"bme280: chip id 0x{chipId:X2} at address 0x{device.ConnectionSettings.DeviceAddress:X2} is not a BME280 (0x60)");
        }

        SoftReset();
        Calibration = ReadCalibration();
        Configure();
    }

    public Bme280Settings Settings { get; }

    public Bme280Calibration Calibration { get; }

    /// <summary>How the driver waits (the datasheet's start-up and measurement times); tests replace it to run without delays.</summary>
    internal Action<TimeSpan> Wait { get; set; } = Thread.Sleep;

    /// <summary>Soft reset (0xB6 to 0xE0): registers to defaults, sleep mode; waits the 2 ms start-up time.</summary>
    public void SoftReset()
    {
        WriteRegister(Bme280Registers.Reset, Bme280Registers.SoftResetCommand);
        Wait(StartUpTime);
        for (var poll = 0; poll < StatusPolls && (ReadRegister(Bme280Registers.Status) & Bme280Registers.StatusImUpdate) != 0; poll++)
        {
            Wait(StatusPollInterval); // NVM still being copied into the image registers
        }
    }

    /// <summary>Writes the settings in sleep mode: ctrl_hum first (it takes effect only with the next ctrl_meas write), then config, then ctrl_meas.</summary>
    public void Configure()
    {
        WriteRegister(Bme280Registers.ControlHumidity, (byte)Settings.HumidityOversampling);
        WriteRegister(Bme280Registers.Config, (byte)((byte)Settings.Filter << 2));
        WriteRegister(Bme280Registers.ControlMeasurement, ControlMeasurement(Bme280Registers.ModeSleep));
    }

    /// <summary>
    /// Starts one forced-mode measurement, waits the datasheet's maximum measurement time and reads it.
    /// False when the chip is still measuring after that, or temperature (which the others need) reads its "skipped" code.
    /// </summary>
    /// <exception cref="IOException">The bus failed.</exception>
    public bool TryReadForced(out Bme280Measurement measurement)
    {
        measurement = default;
        WriteRegister(Bme280Registers.ControlHumidity, (byte)Settings.HumidityOversampling);
        WriteRegister(Bme280Registers.ControlMeasurement, ControlMeasurement(Bme280Registers.ModeForced));
        Wait(Settings.MaximumMeasurementTime);

        var polls = 0;
        while ((ReadRegister(Bme280Registers.Status) & Bme280Registers.StatusMeasuring) != 0)
        {
            if (++polls > StatusPolls)
            {
                return false;
            }

            Wait(StatusPollInterval);
        }

        Span<byte> data = stackalloc byte[Bme280Registers.DataLength];
        ReadRegisters(Bme280Registers.Data, data);
        var adcPressure = (data[0] << 12) | (data[1] << 4) | (data[2] >> 4);
        var adcTemperature = (data[3] << 12) | (data[4] << 4) | (data[5] >> 4);
        var adcHumidity = (data[6] << 8) | data[7];
        if (adcTemperature == Bme280Registers.SkippedTemperaturePressure)
        {
            return false;
        }

        var temperature = Calibration.CompensateTemperature(adcTemperature, out var tFine);
        measurement = new Bme280Measurement(
            temperature,
            adcPressure == Bme280Registers.SkippedTemperaturePressure ? null : Calibration.CompensatePressure(adcPressure, tFine),
            adcHumidity == Bme280Registers.SkippedHumidity ? null : Calibration.CompensateHumidity(adcHumidity, tFine));
        return true;
    }

    /// <summary>Puts the chip to sleep (ctrl_meas mode 00), then disposes the bus.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            WriteRegister(Bme280Registers.ControlMeasurement, ControlMeasurement(Bme280Registers.ModeSleep));
        }
        catch (IOException)
        {
            // The bus is gone; the chip sleeps again after its forced measurement anyway.
        }
        finally
        {
            _disposed = true;
            _device.Dispose();
        }
    }

    private byte ControlMeasurement(byte mode) =>
        (byte)(((byte)Settings.TemperatureOversampling << 5) | ((byte)Settings.PressureOversampling << 2) | mode);

    private Bme280Calibration ReadCalibration()
    {
        Span<byte> temperaturePressure = stackalloc byte[Bme280Registers.CalibrationTemperaturePressureLength];
        Span<byte> humidity = stackalloc byte[Bme280Registers.CalibrationHumidityLength];
        ReadRegisters(Bme280Registers.CalibrationTemperaturePressure, temperaturePressure);
        ReadRegisters(Bme280Registers.CalibrationHumidity, humidity);
        return Bme280Calibration.Parse(temperaturePressure, humidity);
    }

    private byte ReadRegister(byte register)
    {
        Span<byte> value = stackalloc byte[1];
        ReadRegisters(register, value);
        return value[0];
    }

    private void ReadRegisters(byte first, Span<byte> values)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _device.WriteRead([first], values);
    }

    private void WriteRegister(byte register, byte value)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _device.Write([register, value]);
    }
}
