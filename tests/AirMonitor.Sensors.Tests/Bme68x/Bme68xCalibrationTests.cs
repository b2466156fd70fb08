using AirMonitor.Sensors.Bme68x;

namespace AirMonitor.Sensors.Tests.Bme68x;

public sealed class Bme68xCalibrationTests
{
    private static readonly Bme68xCalibration Typical = SimulatedBme68x.TypicalCalibration;

    [Fact]
    public void Parse_follows_the_API_byte_positions_across_the_three_blocks()
    {
        byte[] from0x8A =
        [
            0x97, 0x67, 0x03, 0x00, // T2 26519 (LE), T3 3, unused
            0xC0, 0x88, 0xD4, 0xD7, 0x58, 0x00, // P1 35008, P2 -10284, P3 88, unused
            0xDC, 0x25, 0x36, 0xFF, 0x18, 0x1E, // P4 9692, P5 -202, P7 24 (0x98), P6 30 (0x99)
            0x00, 0x00, 0xFC, 0xFD, 0x73, 0xF2, 0x1E, // unused ×2, P8 -516, P9 -3469, P10 30
        ];
        byte[] from0xE1 =
        [
            0x3E, 0xFA, 0x31, // H2 = 0x3E·16 | 0xF = 1007, H1 = 0x31·16 | 0xA = 794
            0x00, 0x2D, 0x14, 0x78, 0x9C, // H3 0, H4 45, H5 20, H6 120, H7 -100
            0x5B, 0x66, // T1 26203
            0x20, 0xD1, 0xE2, 0x12, // GH2 -12000, GH1 -30, GH3 18
        ];
        byte[] from0x00 = [0x28, 0x00, 0x1A, 0x00, 0xF5]; // res_heat_val 40, res_heat_range (0x1A & 0x30) >> 4 = 1, range_sw_err (s8)(0xF0) / 16 = -1

        var calibration = Bme68xCalibration.Parse(from0x8A, from0xE1, from0x00);

        Assert.Equal(Typical, calibration);
    }

    [Fact]
    public void Temperature_follows_the_float_formula_and_agrees_with_the_integer_path()
    {
        // var1 = (500000/16384 − 26203/1024)·26519 = 130704.4854; var2 = (500000/131072 − 26203/8192)²·(3·16) = 18.2191;
        // t_fine = 130722.7045; T = t_fine / 5120 = 25.53178 °C. Bosch's integer path gives 2553 (×0.01 °C).
        var temperature = Typical.CompensateTemperature(500000, out var tFine);

        Assert.Equal(130722.7045, tFine, 4);
        Assert.Equal(25.53178, temperature, 5);
        Assert.Equal(IntegerTemperatureCentidegrees(Typical, 500000) / 100.0, temperature, 0.01);
    }

    [Fact]
    public void Pressure_uses_the_tenth_term_P10()
    {
        // From t_fine above and adc_P 400000: before the second-order terms 88183.3752 Pa; P9 term −12561.6841,
        // P8 term −1388.6298, P10 (cubic) term 9355.1679, P7·128 = 3072: p = 88183.3752 + (−1523.1460)/16 = 88088.1786 Pa.
        Typical.CompensateTemperature(500000, out var tFine);

        var pressure = Typical.CompensatePressure(400000, tFine);

        Assert.Equal(88088.1786, pressure!.Value, 3);
    }

    [Fact]
    public void Pressure_is_null_when_P1_is_zero()
    {
        Assert.Null((Typical with { P1 = 0 }).CompensatePressure(400000, 130722.7));
    }

    [Fact]
    public void Humidity_follows_the_BME68x_formula_and_agrees_with_the_integer_path()
    {
        // T = 25.53178: var1 = 25000 − (794·16 + 0) = 12296; var2 = 12296·(1007/262144)·(1 + 45/16384·T + 20/1048576·T²)
        // = 51.13342; h = var2 + (120/16384 − 100/2097152·T)·var2² = 67.1003 %RH. Bosch's integer path gives 67.080.
        Typical.CompensateTemperature(500000, out var tFine);

        var humidity = Typical.CompensateHumidity(25000, tFine);

        Assert.Equal(67.1003, humidity, 4);
        Assert.Equal(67.08, humidity, 0.05);
    }

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(65535, 100.0)]
    public void Humidity_is_clamped_to_0_to_100_percent(int adcHumidity, double expected)
    {
        Typical.CompensateTemperature(500000, out var tFine);

        Assert.Equal(expected, Typical.CompensateHumidity(adcHumidity, tFine));
    }

    [Theory]
    // adc, range, range_sw_err, expected Ω (float formula by hand), Bosch's integer path with lookup_table1/2 (Ω)
    [InlineData(512, 0, 0, 8_000_000.0, 8_000_000u)] // 1 / (1 · 1.25e-7 · 1 · 1)
    [InlineData(600, 5, 2, 232_925.506, 232_926u)] // var1 1350, var2 1350·0.99 = 1336.5, k2 1.007, 2⁵
    [InlineData(300, 7, -1, 75_012.137, 75_012u)] // var1 1335, var2 1335·0.992 = 1324.32, k2 0.992, 2⁷
    public void Bme680_gas_resistance_uses_the_range_switching_error_and_both_tables(int adc, int range, int rangeSwitchingError, double expectedOhms, uint integerOhms)
    {
        var calibration = Typical with { RangeSwitchingError = (sbyte)rangeSwitchingError };

        var ohms = calibration.GasResistanceBme680(adc, range);

        Assert.Equal(expectedOhms, ohms, 0.01);
        Assert.Equal(integerOhms, IntegerGasResistanceLow(adc, range, rangeSwitchingError));
        Assert.Equal(integerOhms, ohms, 1.0);
    }

    [Theory]
    [InlineData(512, 4, 4_000_000.0)] // 1e6 · 16384 / 4096
    [InlineData(700, 6, 878_969.957)] // 1e6 · 4096 / (4096 + 564)
    [InlineData(100, 2, 22_914_685.315)] // 1e6 · 65536 / (4096 − 1236)
    public void Bme688_gas_resistance_follows_the_closed_formula(int adc, int range, double expectedOhms)
    {
        Assert.Equal(expectedOhms, Bme68xCalibration.GasResistanceBme688(adc, range), 0.001);
    }

    [Fact]
    public void Heater_code_follows_calc_res_heat()
    {
        // GH1 −30, GH2 −12000, GH3 18, range 1, val 40, ambient 25 °C, target 300 °C:
        // var1 = 47.125, var2 = 0.0021669, var3 = 0.0175781, var4 = 77.7595, var5 = 78.1989;
        // code = 3.4·(78.1989·4/5/1.08 − 25) = 111.95 → 111. Bosch's integer calc_res_heat also gives 111.
        Assert.Equal(111, Typical.HeaterResistanceCode(300, 25));
    }

    [Fact]
    public void Heater_target_above_400_is_capped_at_400()
    {
        Assert.Equal(137, Typical.HeaterResistanceCode(400, 25));
        Assert.Equal(Typical.HeaterResistanceCode(400, 25), Typical.HeaterResistanceCode(450, 25));
    }

    [Theory]
    [InlineData(100, 0x59)] // 100/4 = 25, factor 1: 25 + 64
    [InlineData(150, 0x65)] // 37 + 64
    [InlineData(63, 0x3F)]
    [InlineData(4032, 0xFF)]
    public void Gas_wait_code_is_six_bits_with_a_times_four_multiplier(int milliseconds, int expected)
    {
        Assert.Equal(expected, Bme68xCalibration.GasWaitCode(milliseconds));
    }

    // Bosch BME68x_SensorAPI calc_temperature (integer): ×0.01 °C.
    private static int IntegerTemperatureCentidegrees(Bme68xCalibration c, int adc)
    {
        long var1 = (adc >> 3) - (c.T1 << 1);
        var var2 = (var1 * c.T2) >> 11;
        var var3 = ((var1 >> 1) * (var1 >> 1)) >> 12;
        var3 = (var3 * (c.T3 << 4)) >> 14;
        var tFine = (int)(var2 + var3);
        return ((tFine * 5) + 128) >> 8;
    }

    // Bosch BME68x_SensorAPI calc_gas_resistance_low (integer), with its own constant tables: an independent check of k1/k2.
    private static uint IntegerGasResistanceLow(int adc, int range, int rangeSwitchingError)
    {
        uint[] table1 =
        [
            2147483647, 2147483647, 2147483647, 2147483647, 2147483647, 2126008810, 2147483647, 2130303777,
            2147483647, 2147483647, 2143188679, 2136746228, 2147483647, 2126008810, 2147483647, 2147483647,
        ];
        uint[] table2 =
        [
            4096000000, 2048000000, 1024000000, 512000000, 255744255, 127110228, 64000000, 32258064,
            16016016, 8000000, 4000000, 2000000, 1000000, 500000, 250000, 125000,
        ];
        var var1 = ((1340 + (5L * rangeSwitchingError)) * table1[range]) >> 16;
        var var2 = ((long)adc << 15) - 16777216 + var1;
        var var3 = (table2[range] * var1) >> 9;
        return (uint)((var3 + (var2 >> 1)) / var2);
    }
}
