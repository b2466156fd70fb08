using System.Device.I2c;
using AirMonitor.Sensors.Bosch;

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
public sealed class Bme280Device : IBoschForcedDevice<Bme280Measurement>
{
    public const int DefaultAddress = 0x76;
    public const int SecondaryAddress = 0x77;

    private static readonly TimeSpan StartUpTime = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan StatusPollInterval = TimeSpan.FromMilliseconds(1);
    private const int StatusPolls = 20;

    private readonly BoschRegisters _registers;

    /// <summary>Checks the chip id, soft-resets the chip, reads its calibration and applies <paramref name="settings"/>.</summary>
    /// <exception cref="InvalidOperationException">The chip is not a BME280 (e.g. a BMP280, which has no humidity sensor).</exception>
    public Bme280Device(I2cDevice device, Bme280Settings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        _registers = new BoschRegisters(device);
        Settings = settings ?? new Bme280Settings();

        var chipId = _registers.Read(Bme280Registers.ChipId);
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
        _registers.Write(Bme280Registers.Reset, Bme280Registers.SoftResetCommand);
        Wait(StartUpTime);
        for (var poll = 0; poll < StatusPolls && (_registers.Read(Bme280Registers.Status) & Bme280Registers.StatusImUpdate) != 0; poll++)
        {
            Wait(StatusPollInterval); // NVM still being copied into the image registers
        }
    }

    /// <summary>Writes the settings in sleep mode: ctrl_hum first (it takes effect only with the next ctrl_meas write), then config, then ctrl_meas.</summary>
    public void Configure()
    {
        _registers.Write(Bme280Registers.ControlHumidity, (byte)Settings.HumidityOversampling);
        _registers.Write(Bme280Registers.Config, (byte)((byte)Settings.Filter << 2));
        _registers.Write(Bme280Registers.ControlMeasurement, ControlMeasurement(Bme280Registers.ModeSleep));
    }

    /// <summary>
    /// Starts one forced-mode measurement, waits the datasheet's maximum measurement time and reads it.
    /// False when the chip is still measuring after that, or temperature (which the others need) reads its "skipped" code.
    /// </summary>
    /// <exception cref="IOException">The bus failed.</exception>
    public bool TryReadForced(out Bme280Measurement measurement)
    {
        measurement = default;
        _registers.Write(Bme280Registers.ControlHumidity, (byte)Settings.HumidityOversampling);
        _registers.Write(Bme280Registers.ControlMeasurement, ControlMeasurement(Bme280Registers.ModeForced));
        Wait(Settings.MaximumMeasurementTime);

        var polls = 0;
        while ((_registers.Read(Bme280Registers.Status) & Bme280Registers.StatusMeasuring) != 0)
        {
            if (++polls > StatusPolls)
            {
                return false;
            }

            Wait(StatusPollInterval);
        }

        Span<byte> data = stackalloc byte[Bme280Registers.DataLength];
        _registers.Read(Bme280Registers.Data, data);
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
    public void Dispose() => _registers.SleepAndDispose(Bme280Registers.ControlMeasurement, ControlMeasurement(Bme280Registers.ModeSleep));

    private byte ControlMeasurement(byte mode) =>
        BoschRegisters.ControlMeasurement((byte)Settings.TemperatureOversampling, (byte)Settings.PressureOversampling, mode);

    private Bme280Calibration ReadCalibration()
    {
        Span<byte> temperaturePressure = stackalloc byte[Bme280Registers.CalibrationTemperaturePressureLength];
        Span<byte> humidity = stackalloc byte[Bme280Registers.CalibrationHumidityLength];
        _registers.Read(Bme280Registers.CalibrationTemperaturePressure, temperaturePressure);
        _registers.Read(Bme280Registers.CalibrationHumidity, humidity);
        return Bme280Calibration.Parse(temperaturePressure, humidity);
    }
}
