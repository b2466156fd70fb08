using System.Device.I2c;
using AirMonitor.Sensors.Bosch;

namespace AirMonitor.Sensors.Bme68x;

/// <summary>
/// One forced-mode BME680/688 measurement. <see cref="GasResistanceOhms"/> is null unless the chip flagged the gas
/// measurement valid and the heater stable; temperature, pressure and humidity are valid either way.
/// </summary>
public readonly record struct Bme68xMeasurement(
    double TemperatureCelsius,
    double PressurePascals,
    double HumidityPercent,
    double? GasResistanceOhms,
    bool GasValid,
    bool HeaterStable)
{
    public double PressureHectopascals => PressurePascals / 100.0;
}

/// <summary>
/// Bosch BME680 / BME688 gas, humidity, pressure and temperature sensor on I2C (0x76 with SDO to GND, 0x77 with SDO
/// to VDDIO), in forced mode with one heater step. The variant register tells the two apart; their gas paths differ.
/// Owns the <see cref="I2cDevice"/>: <see cref="Dispose"/> puts the chip to sleep, then disposes the bus.
/// </summary>
public sealed class Bme68xDevice : IBoschForcedDevice<Bme68xMeasurement>
{
    public const int DefaultAddress = 0x76;
    public const int SecondaryAddress = 0x77;

    private static readonly TimeSpan ResetTime = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);
    private const int NewDataPolls = 5;

    private readonly BoschRegisters _registers;

    /// <summary>Checks the chip id, reads the variant, soft-resets, reads the calibration and writes <paramref name="settings"/>.</summary>
    /// <exception cref="InvalidOperationException">The chip id is not 0x61, or the variant is unknown.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The heater target is above 400 °C, or the duration out of range.</exception>
    public Bme68xDevice(I2cDevice device, Bme68xSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        Settings = settings ?? new Bme68xSettings();
        Settings.Validate();
        _registers = new BoschRegisters(device);

        var chipId = _registers.Read(Bme68xRegisters.ChipId);
        if (chipId != Bme68xRegisters.Bme68xChipId)
        {
            throw new InvalidOperationException($"bme68x: chip id 0x{chipId:X2} at address 0x{device.ConnectionSettings.DeviceAddress:X2} is not a BME680/BME688 (0x61)");
        }

        var variant = _registers.Read(Bme68xRegisters.VariantId);
        Variant = variant switch
        {
            (byte)Bme68xVariant.Bme680 => Bme68xVariant.Bme680,
            (byte)Bme68xVariant.Bme688 => Bme68xVariant.Bme688,
            _ => throw new InvalidOperationException($"bme68x: unknown variant id 0x{variant:X2} (0x00 BME680, 0x01 BME688)"),
        };

        SoftReset();
        Calibration = ReadCalibration();
        Configure();
    }

    public Bme68xVariant Variant { get; }

    public Bme68xSettings Settings { get; }

    public Bme68xCalibration Calibration { get; }

    /// <summary>How the driver waits (reset, measurement and heater times); tests replace it to run without delays.</summary>
    internal Action<TimeSpan> Wait { get; set; } = Thread.Sleep;

    /// <summary>Soft reset (0xB6 to 0xE0), then the API's 10 ms.</summary>
    public void SoftReset()
    {
        _registers.Write(Bme68xRegisters.Reset, Bme68xRegisters.SoftResetCommand);
        Wait(ResetTime);
    }

    /// <summary>
    /// Writes the settings in sleep mode: ctrl_hum, ctrl_meas (sleep), config, heater step 0 (res_heat_0, gas_wait_0),
    /// heater on (ctrl_gas_0) and run_gas for this variant with heater profile 0 (ctrl_gas_1).
    /// </summary>
    public void Configure()
    {
        _registers.Write(Bme68xRegisters.ControlHumidity, (byte)Settings.HumidityOversampling);
        _registers.Write(Bme68xRegisters.ControlMeasurement, ControlMeasurement(Bme68xRegisters.ModeSleep));
        _registers.Write(Bme68xRegisters.Config, (byte)((byte)Settings.Filter << 2));
        _registers.Write(Bme68xRegisters.ResHeat0, Calibration.HeaterResistanceCode(Settings.HeaterTemperatureCelsius, Settings.AmbientTemperatureCelsius));
        _registers.Write(Bme68xRegisters.GasWait0, Bme68xCalibration.GasWaitCode(Settings.HeaterDurationMilliseconds));
        _registers.Write(Bme68xRegisters.ControlGas0, 0x00); // heat_off = 0
        _registers.Write(Bme68xRegisters.ControlGas1, RunGas);
    }

    /// <summary>The ctrl_gas_1 value: run_gas bits [5:4] (BME680 01, BME688 10) and nb_conv 0 (heater step 0).</summary>
    public byte RunGas => Variant == Bme68xVariant.Bme688 ? Bme68xRegisters.RunGasBme688 : Bme68xRegisters.RunGasBme680;

    /// <summary>
    /// Starts one forced measurement, waits the API's measurement time plus the heater duration, and reads field 0.
    /// False when no new data came after the API's five polls, or the calibration cannot give a pressure.
    /// </summary>
    /// <exception cref="IOException">The bus failed.</exception>
    public bool TryReadForced(out Bme68xMeasurement measurement)
    {
        measurement = default;
        _registers.Write(Bme68xRegisters.ControlMeasurement, ControlMeasurement(Bme68xRegisters.ModeForced));
        Wait(Settings.MeasurementTime);

        Span<byte> field = stackalloc byte[Bme68xRegisters.Field0Length];
        for (var poll = 0; ; poll++)
        {
            _registers.Read(Bme68xRegisters.Field0, field);
            if ((field[0] & Bme68xRegisters.NewData) != 0)
            {
                break;
            }

            if (poll + 1 >= NewDataPolls)
            {
                return false;
            }

            Wait(PollInterval);
        }

        var adcPressure = (field[Bme68xRegisters.PressureOffset] << 12) | (field[Bme68xRegisters.PressureOffset + 1] << 4) | (field[Bme68xRegisters.PressureOffset + 2] >> 4);
        var adcTemperature = (field[Bme68xRegisters.TemperatureOffset] << 12) | (field[Bme68xRegisters.TemperatureOffset + 1] << 4) | (field[Bme68xRegisters.TemperatureOffset + 2] >> 4);
        var adcHumidity = (field[Bme68xRegisters.HumidityOffset] << 8) | field[Bme68xRegisters.HumidityOffset + 1];

        // The BME680 reports gas in gas_r (0x2A/0x2B), the BME688 in 0x2C/0x2D: adc = msb·4 | lsb >> 6, range = lsb[3:0].
        var gasOffset = Variant == Bme68xVariant.Bme688 ? Bme68xRegisters.GasHighOffset : Bme68xRegisters.GasLowOffset;
        var gasMsb = field[gasOffset];
        var gasLsb = field[gasOffset + 1];
        var adcGas = (gasMsb << 2) | (gasLsb >> 6);
        var gasRange = gasLsb & Bme68xRegisters.GasRangeMask;
        var gasValid = (gasLsb & Bme68xRegisters.GasValid) != 0;
        var heaterStable = (gasLsb & Bme68xRegisters.HeaterStable) != 0;

        var temperature = Calibration.CompensateTemperature(adcTemperature, out var tFine);
        if (Calibration.CompensatePressure(adcPressure, tFine) is not { } pressure)
        {
            return false;
        }

        double? gasResistance = gasValid && heaterStable
            ? Variant == Bme68xVariant.Bme688
                ? Bme68xCalibration.GasResistanceBme688(adcGas, gasRange)
                : Calibration.GasResistanceBme680(adcGas, gasRange)
            : null;

        measurement = new Bme68xMeasurement(temperature, pressure, Calibration.CompensateHumidity(adcHumidity, tFine), gasResistance, gasValid, heaterStable);
        return true;
    }

    /// <summary>Puts the chip to sleep (ctrl_meas mode 00), then disposes the bus.</summary>
    public void Dispose() => _registers.SleepAndDispose(Bme68xRegisters.ControlMeasurement, ControlMeasurement(Bme68xRegisters.ModeSleep));

    private byte ControlMeasurement(byte mode) =>
        BoschRegisters.ControlMeasurement((byte)Settings.TemperatureOversampling, (byte)Settings.PressureOversampling, mode);

    private Bme68xCalibration ReadCalibration()
    {
        Span<byte> block1 = stackalloc byte[Bme68xRegisters.CalibrationBlock1Length];
        Span<byte> block2 = stackalloc byte[Bme68xRegisters.CalibrationBlock2Length];
        Span<byte> block3 = stackalloc byte[Bme68xRegisters.CalibrationBlock3Length];
        _registers.Read(Bme68xRegisters.CalibrationBlock1, block1);
        _registers.Read(Bme68xRegisters.CalibrationBlock2, block2);
        _registers.Read(Bme68xRegisters.CalibrationBlock3, block3);
        return Bme68xCalibration.Parse(block1, block2, block3);
    }
}
