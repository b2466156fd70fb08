using System.Buffers.Binary;
using AirMonitor.Sensors.Simulation;

namespace AirMonitor.Sensors.Bme280;

/// <summary>
/// A BME280 in software: chip id 0x60, the BMP280 datasheet's example temperature/pressure trimming with
/// plausible humidity trimming, and a forced measurement that encodes <see cref="SimulatedAir"/> into raw ADC codes
/// by inverting the compensation (the driver's own formulas read them back).
/// </summary>
public sealed class SimulatedBme280 : RegisterMapI2cDevice
{
    /// <summary>The BMP280 datasheet's example trimming (T1…P9) and plausible humidity trimming (H1…H6: no datasheet gives an example).</summary>
    public static Bme280Calibration DatasheetCalibration { get; } = new(
        27504, 26435, -1000,
        36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000,
        75, 362, 0, 313, 50, 30);

    private readonly SimulatedAir _air;

    public SimulatedBme280(SimulatedAir air, int address = Bme280Device.DefaultAddress, Bme280Calibration? calibration = null, byte chipId = Bme280Registers.Bme280ChipId)
        : base(address)
    {
        ArgumentNullException.ThrowIfNull(air);
        _air = air;
        Calibration = calibration ?? DatasheetCalibration;
        Registers[Bme280Registers.ChipId] = chipId;
        WriteCalibration(Calibration);
        EncodeNoValue();
    }

    public Bme280Calibration Calibration { get; }

    /// <summary>When set, status keeps its "measuring" bit: a chip that never finishes.</summary>
    public bool StuckMeasuring { get; set; }

    public bool IsDisposed { get; private set; }

    /// <summary>The mode bits of ctrl_meas as last written (0 sleep, 1 forced), before the chip returns to sleep.</summary>
    public byte LastModeWritten { get; private set; }

    protected override void OnRegisterWritten(byte address, byte value)
    {
        base.OnRegisterWritten(address, value);
        switch (address)
        {
            case Bme280Registers.Reset when value == Bme280Registers.SoftResetCommand:
                Registers[Bme280Registers.ControlHumidity] = 0;
                Registers[Bme280Registers.ControlMeasurement] = 0;
                Registers[Bme280Registers.Config] = 0;
                EncodeNoValue();
                break;
            case Bme280Registers.ControlMeasurement:
                LastModeWritten = (byte)(value & Bme280Registers.ModeMask);
                if (LastModeWritten is Bme280Registers.ModeForced or Bme280Registers.ModeForcedAlternate)
                {
                    Measure();
                    Registers[Bme280Registers.ControlMeasurement] = (byte)(value & ~Bme280Registers.ModeMask); // back to sleep
                }

                break;
        }

        Registers[Bme280Registers.Status] = StuckMeasuring ? Bme280Registers.StatusMeasuring : (byte)0;
    }

    protected override void Dispose(bool disposing)
    {
        IsDisposed = true;
        base.Dispose(disposing);
    }

    private void Measure()
    {
        // The unclamped formulas: under a clamp every code beyond an end of the range reads as that end, and the search
        // would return one far beyond it (adc 0 for −40 °C), which a reader without the clamp sees as it is.
        var calibration = Calibration;
        var adcTemperature = MonotonicInverse.Solve(adc => calibration.CompensateTemperatureUnclamped(adc, out _), _air.TemperatureCelsius, 0, 0xFFFFF);
        calibration.CompensateTemperatureUnclamped(adcTemperature, out var tFine);
        var adcPressure = MonotonicInverse.Solve(adc => calibration.CompensatePressureUnclamped(adc, tFine), _air.PressureHectopascals * 100.0, 0, 0xFFFFF);
        var adcHumidity = MonotonicInverse.Solve(adc => calibration.CompensateHumidityUnclamped(adc, tFine), _air.HumidityPercent, 0, 0xFFFF);

        // ctrl_hum only applies with the ctrl_meas write, as on the chip; a skipped channel reads its "no value" code.
        var humiditySkipped = (Registers[Bme280Registers.ControlHumidity] & 0x07) == 0;
        var measurement = Registers[Bme280Registers.ControlMeasurement];
        EncodeRaw(
            (measurement >> 2 & 0x07) == 0 ? Bme280Registers.SkippedTemperaturePressure : adcPressure,
            (measurement >> 5) == 0 ? Bme280Registers.SkippedTemperaturePressure : adcTemperature,
            humiditySkipped ? Bme280Registers.SkippedHumidity : adcHumidity);
    }

    private void EncodeNoValue() =>
        EncodeRaw(Bme280Registers.SkippedTemperaturePressure, Bme280Registers.SkippedTemperaturePressure, Bme280Registers.SkippedHumidity);

    private void EncodeRaw(int adcPressure, int adcTemperature, int adcHumidity)
    {
        var data = Registers.AsSpan(Bme280Registers.Data, Bme280Registers.DataLength);
        data[0] = (byte)(adcPressure >> 12);
        data[1] = (byte)(adcPressure >> 4);
        data[2] = (byte)(adcPressure << 4);
        data[3] = (byte)(adcTemperature >> 12);
        data[4] = (byte)(adcTemperature >> 4);
        data[5] = (byte)(adcTemperature << 4);
        BinaryPrimitives.WriteUInt16BigEndian(data[6..], (ushort)adcHumidity);
    }

    private void WriteCalibration(Bme280Calibration c)
    {
        var block = Registers.AsSpan(Bme280Registers.CalibrationTemperaturePressure, Bme280Registers.CalibrationTemperaturePressureLength);
        BinaryPrimitives.WriteUInt16LittleEndian(block, c.T1);
        short[] signed = [c.T2, c.T3, 0, c.P2, c.P3, c.P4, c.P5, c.P6, c.P7, c.P8, c.P9];
        for (var i = 0; i < signed.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(block[(2 + (2 * i))..], signed[i]);
        }

        BinaryPrimitives.WriteUInt16LittleEndian(block[6..], c.P1);
        block[25] = c.H1;

        var humidity = Registers.AsSpan(Bme280Registers.CalibrationHumidity, Bme280Registers.CalibrationHumidityLength);
        BinaryPrimitives.WriteInt16LittleEndian(humidity, c.H2);
        humidity[2] = c.H3;
        humidity[3] = (byte)(c.H4 >> 4);
        humidity[4] = (byte)((c.H4 & 0x0F) | ((c.H5 & 0x0F) << 4));
        humidity[5] = (byte)(c.H5 >> 4);
        humidity[6] = (byte)c.H6;
    }
}
