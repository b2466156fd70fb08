using System.Buffers.Binary;

namespace AirMonitor.Sensors.Bme68x;

/// <summary>
/// The trimming parameters of a BME680/688 (par_t1…par_gh3, res_heat_range/val, range_sw_err) and Bosch's
/// floating-point compensation from BME68x_SensorAPI v4.4.7 (<c>BME68X_USE_FPU</c>). It differs from the BME280's:
/// 8-bit T3/P3/P6/P7, a tenth pressure term P10, seven humidity terms with a 12-bit H1/H2, and t_fine kept unrounded.
/// </summary>
public sealed record Bme68xCalibration(
    ushort T1, short T2, sbyte T3,
    ushort P1, short P2, sbyte P3, short P4, short P5, sbyte P6, sbyte P7, short P8, short P9, byte P10,
    ushort H1, ushort H2, sbyte H3, sbyte H4, sbyte H5, byte H6, sbyte H7,
    sbyte GH1, short GH2, sbyte GH3,
    byte ResHeatRange, sbyte ResHeatValue, sbyte RangeSwitchingError)
{
    /// <summary>Bosch's <c>lookup_k1_range</c>: the BME680's per-range gain error, in percent.</summary>
    private static readonly double[] GasRangeK1 = [0, 0, 0, 0, 0, -1.0, 0, -0.8, 0, 0, -0.2, -0.5, 0, -1.0, 0, 0];

    /// <summary>Bosch's <c>lookup_k2_range</c>: the BME680's per-range offset error, in percent.</summary>
    private static readonly double[] GasRangeK2 = [0, 0, 0, 0, 0.1, 0.7, 0, -0.8, -0.1, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>Parses the three calibration blocks: 23 bytes from 0x8A, 14 bytes from 0xE1, 5 bytes from 0x00.</summary>
    /// <exception cref="ArgumentException">A block is shorter than the API reads.</exception>
    public static Bme68xCalibration Parse(ReadOnlySpan<byte> from0x8A, ReadOnlySpan<byte> from0xE1, ReadOnlySpan<byte> from0x00)
    {
        if (from0x8A.Length < Bme68xRegisters.CalibrationBlock1Length
            || from0xE1.Length < Bme68xRegisters.CalibrationBlock2Length
            || from0x00.Length < Bme68xRegisters.CalibrationBlock3Length)
        {
            throw new ArgumentException("BME68x calibration needs 23 bytes from 0x8A, 14 from 0xE1 and 5 from 0x00");
        }

        static short S16(ReadOnlySpan<byte> block, int at) => BinaryPrimitives.ReadInt16LittleEndian(block[at..]);
        static ushort U16(ReadOnlySpan<byte> block, int at) => BinaryPrimitives.ReadUInt16LittleEndian(block[at..]);

        return new Bme68xCalibration(
            T1: U16(from0xE1, 8), T2: S16(from0x8A, 0), T3: (sbyte)from0x8A[2],
            P1: U16(from0x8A, 4), P2: S16(from0x8A, 6), P3: (sbyte)from0x8A[8], P4: S16(from0x8A, 10), P5: S16(from0x8A, 12),
            P6: (sbyte)from0x8A[15], P7: (sbyte)from0x8A[14], P8: S16(from0x8A, 18), P9: S16(from0x8A, 20), P10: from0x8A[22],
            // H1 and H2 are 12-bit and share 0xE2: H1 = E3·16 | E2[3:0], H2 = E1·16 | E2[7:4].
            H1: (ushort)((from0xE1[2] << 4) | (from0xE1[1] & 0x0F)),
            H2: (ushort)((from0xE1[0] << 4) | (from0xE1[1] >> 4)),
            H3: (sbyte)from0xE1[3], H4: (sbyte)from0xE1[4], H5: (sbyte)from0xE1[5], H6: from0xE1[6], H7: (sbyte)from0xE1[7],
            GH1: (sbyte)from0xE1[12], GH2: S16(from0xE1, 10), GH3: (sbyte)from0xE1[13],
            ResHeatRange: (byte)((from0x00[2] & 0x30) >> 4),
            ResHeatValue: (sbyte)from0x00[0],
            RangeSwitchingError: (sbyte)((sbyte)(from0x00[4] & 0xF0) / 16));
    }

    /// <summary>Temperature in °C, and t_fine (unrounded, unlike the BME280) for pressure and humidity.</summary>
    public double CompensateTemperature(int adcTemperature, out double tFine)
    {
        var var1 = ((adcTemperature / 16384.0) - (T1 / 1024.0)) * T2;
        var var2 = (adcTemperature / 131072.0) - (T1 / 8192.0);
        var2 = var2 * var2 * (T3 * 16.0);
        tFine = var1 + var2;
        return tFine / 5120.0;
    }

    /// <summary>Pressure in Pa; null when the calibration makes the formula divide by zero (P1 = 0: not a trimmed chip).</summary>
    public double? CompensatePressure(int adcPressure, double tFine)
    {
        var var1 = (tFine / 2.0) - 64000.0;
        var var2 = var1 * var1 * (P6 / 131072.0);
        var2 += var1 * P5 * 2.0;
        var2 = (var2 / 4.0) + (P4 * 65536.0);
        var1 = ((P3 * var1 * var1 / 16384.0) + (P2 * var1)) / 524288.0;
        var1 = (1.0 + (var1 / 32768.0)) * P1;
        if ((int)var1 == 0)
        {
            return null;
        }

        var pressure = 1048576.0 - adcPressure;
        pressure = (pressure - (var2 / 4096.0)) * 6250.0 / var1;
        var1 = P9 * pressure * pressure / 2147483648.0;
        var2 = pressure * (P8 / 32768.0);
        var cube = pressure / 256.0;
        var var3 = cube * cube * cube * (P10 / 131072.0);
        return pressure + ((var1 + var2 + var3 + (P7 * 128.0)) / 16.0);
    }

    /// <summary>Relative humidity in %, clamped to 0…100.</summary>
    public double CompensateHumidity(int adcHumidity, double tFine)
    {
        var temperature = tFine / 5120.0;
        var var1 = adcHumidity - ((H1 * 16.0) + (H3 / 2.0 * temperature));
        var var2 = var1 * (H2 / 262144.0 * (1.0 + (H4 / 16384.0 * temperature) + (H5 / 1048576.0 * temperature * temperature)));
        var var3 = H6 / 16384.0;
        var var4 = H7 / 2097152.0;
        var humidity = var2 + ((var3 + (var4 * temperature)) * var2 * var2);
        return Math.Clamp(humidity, 0.0, 100.0);
    }

    /// <summary>BME680 gas resistance in Ω (Bosch <c>calc_gas_resistance_low</c>): range-switching error and the k1/k2 tables.</summary>
    public double GasResistanceBme680(int adcGas, int gasRange)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)gasRange, 15u, nameof(gasRange));
        var var1 = 1340.0 + (5.0 * RangeSwitchingError);
        var var2 = var1 * (1.0 + (GasRangeK1[gasRange] / 100.0));
        var var3 = 1.0 + (GasRangeK2[gasRange] / 100.0);
        return 1.0 / (var3 * 0.000000125 * (1 << gasRange) * (((adcGas - 512.0) / var2) + 1.0));
    }

    /// <summary>BME688 gas resistance in Ω (Bosch <c>calc_gas_resistance_high</c>): 1e6·(262144 >> range) / (4096 + 3·(adc − 512)).</summary>
    public static double GasResistanceBme688(int adcGas, int gasRange)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)gasRange, 15u, nameof(gasRange));
        return 1e6 * (262144 >> gasRange) / (4096.0 + (3.0 * (adcGas - 512)));
    }

    /// <summary>
    /// The res_heat_x code for a hot-plate target (Bosch <c>calc_res_heat</c>, float version); targets above 400 °C
    /// are capped at 400 °C as Bosch does.
    /// </summary>
    public byte HeaterResistanceCode(int targetCelsius, int ambientCelsius)
    {
        var target = Math.Min(targetCelsius, Bme68xSettings.MaximumHeaterTemperatureCelsius);
        var var1 = (GH1 / 16.0) + 49.0;
        var var2 = (GH2 / 32768.0 * 0.0005) + 0.00235;
        var var3 = GH3 / 1024.0;
        var var4 = var1 * (1.0 + (var2 * target));
        var var5 = var4 + (var3 * ambientCelsius);
        var code = 3.4 * ((var5 * (4.0 / (4.0 + ResHeatRange)) * (1.0 / (1.0 + (ResHeatValue * 0.002)))) - 25.0);
        return (byte)Math.Clamp(Math.Truncate(code), 0, 255);
    }

    /// <summary>The gas_wait_x code for a heater duration (Bosch <c>calc_gas_wait</c>): 6-bit value, 2-bit ×4 multiplier.</summary>
    public static byte GasWaitCode(int durationMilliseconds)
    {
        if (durationMilliseconds >= 0xFC0)
        {
            return 0xFF;
        }

        var factor = 0;
        while (durationMilliseconds > 0x3F)
        {
            durationMilliseconds /= 4;
            factor++;
        }

        return (byte)(durationMilliseconds + (factor * 64));
    }
}
