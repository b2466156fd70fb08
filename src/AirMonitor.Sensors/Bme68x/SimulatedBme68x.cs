using System.Buffers.Binary;
using AirMonitor.Sensors.Simulation;

namespace AirMonitor.Sensors.Bme68x;

/// <summary>
/// A BME680 or BME688 in software: chip id 0x61, the variant register, plausible trimming, and a forced measurement
/// that encodes <see cref="SimulatedAir"/> into raw codes by inverting the compensation. As on the chip, the gas
/// measurement is flagged valid only when ctrl_gas_1's run_gas matches the variant.
/// </summary>
public sealed class SimulatedBme68x : RegisterMapI2cDevice
{
    /// <summary>
    /// Temperature, pressure and humidity trimming as one BME680 reported it (published in wrclark/bme680's README);
    /// the heater and range-switching values are plausible choices, not a chip's.
    /// </summary>
    public static Bme68xCalibration TypicalCalibration { get; } = new(
        T1: 26203, T2: 26519, T3: 3,
        P1: 35008, P2: -10284, P3: 88, P4: 9692, P5: -202, P6: 30, P7: 24, P8: -516, P9: -3469, P10: 30,
        H1: 794, H2: 1007, H3: 0, H4: 45, H5: 20, H6: 120, H7: -100,
        GH1: -30, GH2: -12000, GH3: 18,
        ResHeatRange: 1, ResHeatValue: 40, RangeSwitchingError: -1);

    private readonly SimulatedAir _air;

    public SimulatedBme68x(SimulatedAir air, Bme68xVariant variant, int address = Bme68xDevice.DefaultAddress, Bme68xCalibration? calibration = null, byte chipId = Bme68xRegisters.Bme68xChipId)
        : base(address)
    {
        ArgumentNullException.ThrowIfNull(air);
        _air = air;
        Variant = variant;
        Calibration = calibration ?? TypicalCalibration;
        Registers[Bme68xRegisters.ChipId] = chipId;
        Registers[Bme68xRegisters.VariantId] = (byte)variant;
        WriteCalibration(Calibration);
    }

    public Bme68xVariant Variant { get; }

    public Bme68xCalibration Calibration { get; }

    /// <summary>Clear to simulate a gas measurement the chip did not flag valid (gas_valid_r).</summary>
    public bool GasValid { get; set; } = true;

    /// <summary>Clear to simulate a heater that did not reach its target (heat_stab_r).</summary>
    public bool HeaterStable { get; set; } = true;

    /// <summary>Set to simulate a chip whose new_data flag never comes.</summary>
    public bool NoNewData { get; set; }

    public bool IsDisposed { get; private set; }

    /// <summary>Runs after each simulated measurement has filled the data registers (tests overwrite bytes here).</summary>
    public Action? AfterMeasurement { get; set; }

    /// <summary>The mode bits of ctrl_meas as last written (0 sleep, 1 forced), before the chip returns to sleep.</summary>
    public byte LastModeWritten { get; private set; }

    /// <summary>The gas ADC code and range of the last measurement (what the chip put in its gas registers).</summary>
    public (int Adc, int Range) LastGas { get; private set; }

    protected override void OnRegisterWritten(byte address, byte value)
    {
        base.OnRegisterWritten(address, value);
        if (address == Bme68xRegisters.Reset && value == Bme68xRegisters.SoftResetCommand)
        {
            Registers.AsSpan(Bme68xRegisters.Field0, Bme68xRegisters.Field0Length).Clear();
            Registers.AsSpan(Bme68xRegisters.ControlGas0, 6).Clear();
        }
        else if (address == Bme68xRegisters.ControlMeasurement)
        {
            LastModeWritten = (byte)(value & Bme68xRegisters.ModeMask);
            if (LastModeWritten == Bme68xRegisters.ModeForced)
            {
                Measure();
                AfterMeasurement?.Invoke();
                Registers[Bme68xRegisters.ControlMeasurement] = (byte)(value & ~Bme68xRegisters.ModeMask); // back to sleep
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        IsDisposed = true;
        base.Dispose(disposing);
    }

    private void Measure()
    {
        var c = Calibration;
        var adcTemperature = MonotonicInverse.Solve(adc => c.CompensateTemperature(adc, out _), _air.TemperatureCelsius, 0, 0xFFFFF);
        c.CompensateTemperature(adcTemperature, out var tFine);
        var adcPressure = MonotonicInverse.Solve(adc => c.CompensatePressure(adc, tFine) ?? 0, _air.PressureHectopascals * 100.0, 0, 0xFFFFF);
        var adcHumidity = MonotonicInverse.Solve(adc => c.CompensateHumidity(adc, tFine), _air.HumidityPercent, 0, 0xFFFF);
        var (adcGas, range) = EncodeGas(_air.GasResistanceOhms);
        LastGas = (adcGas, range);

        var runGas = Registers[Bme68xRegisters.ControlGas1] & 0x30;
        var expectedRunGas = Variant == Bme68xVariant.Bme688 ? Bme68xRegisters.RunGasBme688 : Bme68xRegisters.RunGasBme680;
        var flags = (byte)((GasValid && runGas == expectedRunGas ? Bme68xRegisters.GasValid : 0) | (HeaterStable ? Bme68xRegisters.HeaterStable : 0));

        var field = Registers.AsSpan(Bme68xRegisters.Field0, Bme68xRegisters.Field0Length);
        field.Clear();
        field[0] = NoNewData ? (byte)0 : Bme68xRegisters.NewData;
        Write20Bit(field[Bme68xRegisters.PressureOffset..], adcPressure);
        Write20Bit(field[Bme68xRegisters.TemperatureOffset..], adcTemperature);
        BinaryPrimitives.WriteUInt16BigEndian(field[Bme68xRegisters.HumidityOffset..], (ushort)adcHumidity);
        var gasOffset = Variant == Bme68xVariant.Bme688 ? Bme68xRegisters.GasHighOffset : Bme68xRegisters.GasLowOffset;
        field[gasOffset] = (byte)(adcGas >> 2);
        field[gasOffset + 1] = (byte)(((adcGas & 0x03) << 6) | flags | range);
    }

    /// <summary>The gas code and range whose resistance is nearest <paramref name="ohms"/>, preferring the range that puts the code nearest mid-scale (512).</summary>
    private (int Adc, int Range) EncodeGas(double ohms)
    {
        Func<int, int, double> resistance = Variant == Bme68xVariant.Bme688
            ? Bme68xCalibration.GasResistanceBme688
            : Calibration.GasResistanceBme680;
        var best = (Adc: 512, Range: 0);
        var bestDistance = int.MaxValue;
        for (var range = 0; range < 16; range++)
        {
            var inRange = range;
            var adc = MonotonicInverse.Solve(code => resistance(code, inRange), ohms, 0, 1023);
            var withinOnePercent = Math.Abs(resistance(adc, range) - ohms) <= 0.01 * ohms;
            if (withinOnePercent && Math.Abs(adc - 512) < bestDistance)
            {
                best = (adc, range);
                bestDistance = Math.Abs(adc - 512);
            }
        }

        return best;
    }

    private static void Write20Bit(Span<byte> at, int value)
    {
        at[0] = (byte)(value >> 12);
        at[1] = (byte)(value >> 4);
        at[2] = (byte)(value << 4);
    }

    private void WriteCalibration(Bme68xCalibration c)
    {
        var block1 = Registers.AsSpan(Bme68xRegisters.CalibrationBlock1, Bme68xRegisters.CalibrationBlock1Length);
        BinaryPrimitives.WriteInt16LittleEndian(block1, c.T2);
        block1[2] = (byte)c.T3;
        BinaryPrimitives.WriteUInt16LittleEndian(block1[4..], c.P1);
        BinaryPrimitives.WriteInt16LittleEndian(block1[6..], c.P2);
        block1[8] = (byte)c.P3;
        BinaryPrimitives.WriteInt16LittleEndian(block1[10..], c.P4);
        BinaryPrimitives.WriteInt16LittleEndian(block1[12..], c.P5);
        block1[14] = (byte)c.P7;
        block1[15] = (byte)c.P6;
        BinaryPrimitives.WriteInt16LittleEndian(block1[18..], c.P8);
        BinaryPrimitives.WriteInt16LittleEndian(block1[20..], c.P9);
        block1[22] = c.P10;

        var block2 = Registers.AsSpan(Bme68xRegisters.CalibrationBlock2, Bme68xRegisters.CalibrationBlock2Length);
        block2[0] = (byte)(c.H2 >> 4);
        block2[1] = (byte)(((c.H2 & 0x0F) << 4) | (c.H1 & 0x0F));
        block2[2] = (byte)(c.H1 >> 4);
        block2[3] = (byte)c.H3;
        block2[4] = (byte)c.H4;
        block2[5] = (byte)c.H5;
        block2[6] = c.H6;
        block2[7] = (byte)c.H7;
        BinaryPrimitives.WriteUInt16LittleEndian(block2[8..], c.T1);
        BinaryPrimitives.WriteInt16LittleEndian(block2[10..], c.GH2);
        block2[12] = (byte)c.GH1;
        block2[13] = (byte)c.GH3;

        var block3 = Registers.AsSpan(Bme68xRegisters.CalibrationBlock3, Bme68xRegisters.CalibrationBlock3Length);
        block3[0] = (byte)c.ResHeatValue;
        block3[2] = (byte)(c.ResHeatRange << 4);
        block3[4] = (byte)(c.RangeSwitchingError << 4);
    }
}
