using AirMonitor.Sensors.Bme280;

namespace AirMonitor.Sensors.Tests.Bme280;

public sealed class Bme280CalibrationTests
{
    // The BMP280 datasheet's example trimming as the chip stores it: little-endian words from 0x88, H1 at 0xA1.
    private static readonly byte[] DatasheetBlock0x88 =
    [
        0x70, 0x6B, // T1 27504
        0x43, 0x67, // T2 26435
        0x18, 0xFC, // T3 -1000
        0x7D, 0x8E, // P1 36477
        0x43, 0xD6, // P2 -10685
        0xD0, 0x0B, // P3 3024
        0x27, 0x0B, // P4 2855
        0x8C, 0x00, // P5 140
        0xF9, 0xFF, // P6 -7
        0x8C, 0x3C, // P7 15500
        0xF8, 0xC6, // P8 -14600
        0x70, 0x17, // P9 6000
        0x00,       // 0xA0 reserved
        0x4B,       // H1 75
    ];

    private static readonly byte[] HumidityBlock0xE1 = [0x6A, 0x01, 0x00, 0x13, 0x29, 0x03, 0x1E];

    [Fact]
    public void Parse_reads_the_little_endian_words_of_0x88_to_0xA1()
    {
        var calibration = Bme280Calibration.Parse(DatasheetBlock0x88, HumidityBlock0xE1);

        Assert.Equal(SimulatedBme280.DatasheetCalibration, calibration);
        Assert.Equal((ushort)27504, calibration.T1);
        Assert.Equal((short)-1000, calibration.T3);
        Assert.Equal((short)-7, calibration.P6);
        Assert.Equal((byte)75, calibration.H1);
        Assert.Equal((short)362, calibration.H2);
        Assert.Equal((sbyte)30, calibration.H6);
    }

    [Fact]
    public void H4_and_H5_share_0xE5_with_positive_high_bytes()
    {
        // E4 = 0x13, E5 = 0x29, E6 = 0x03: H4 = 0x13·16 | 0x9 = 313, H5 = 0x03·16 | 0x2 = 50.
        var calibration = Bme280Calibration.Parse(DatasheetBlock0x88, HumidityBlock0xE1);

        Assert.Equal((short)313, calibration.H4);
        Assert.Equal((short)50, calibration.H5);
    }

    [Fact]
    public void H4_and_H5_sign_extend_their_high_bytes()
    {
        // E4 = 0xF3 (−13), E5 = 0x2A, E6 = 0xFE (−2): H4 = −13·16 | 0xA = −198, H5 = −2·16 | 0x2 = −30.
        byte[] humidity = [0x6A, 0x01, 0x00, 0xF3, 0x2A, 0xFE, 0xE2];

        var calibration = Bme280Calibration.Parse(DatasheetBlock0x88, humidity);

        Assert.Equal((short)-198, calibration.H4);
        Assert.Equal((short)-30, calibration.H5);
        Assert.Equal((sbyte)-30, calibration.H6);
    }

    [Fact]
    public void Parse_rejects_a_short_block()
    {
        Assert.Throws<ArgumentException>(() => Bme280Calibration.Parse(DatasheetBlock0x88.AsSpan(0, 24), HumidityBlock0xE1));
    }

    [Fact]
    public void Temperature_and_pressure_match_the_BMP280_datasheet_vector()
    {
        var calibration = SimulatedBme280.DatasheetCalibration;

        var temperature = calibration.CompensateTemperature(519888, out var tFine);
        var pressure = calibration.CompensatePressure(415148, tFine);

        Assert.Equal(25.08, temperature, 2);
        Assert.Equal(128422, tFine);
        // The datasheet prints 100653.27 Pa; the double formula gives 100653.258 (the table rounds its intermediates).
        Assert.Equal(100653.27, pressure, 0.02);
    }

    [Fact]
    public void Humidity_matches_the_double_formula_worked_by_hand()
    {
        // t_fine 128422 (the datasheet vector), adc_H 30000, H1..H6 = 75, 362, 0, 313, 50, 30:
        // var1 = 51622; var2 = 313·64 + 50/16384·51622 = 20189.5378; var3 = 30000 − var2 = 9810.4622;
        // var4 = 362/65536; var5 = 1 + 0 = 1; var6 = 1 + 30/67108864·51622 = 1.0230768;
        // var6 = var3·var4·var5·var6 = 55.440400; humidity = var6·(1 − 75·var6/524288) = 55.000713 %RH.
        var humidity = SimulatedBme280.DatasheetCalibration.CompensateHumidity(30000, 128422);

        Assert.Equal(55.000713, humidity, 6);
    }

    [Theory]
    [InlineData(30000)]
    [InlineData(25000)]
    [InlineData(36000)]
    public void Humidity_agrees_with_Bosch_32_bit_integer_formula(int adcHumidity)
    {
        var calibration = SimulatedBme280.DatasheetCalibration;

        var fromDouble = calibration.CompensateHumidity(adcHumidity, 128422);

        Assert.Equal(IntegerHumidity(calibration, adcHumidity, 128422), fromDouble, 0.01);
    }

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(65535, 100.0)]
    public void Humidity_is_clamped_to_0_to_100_percent(int adcHumidity, double expected)
    {
        Assert.Equal(expected, SimulatedBme280.DatasheetCalibration.CompensateHumidity(adcHumidity, 128422));
    }

    // BME280 datasheet 4.2.3, bme280_compensate_H_int32: an independent integer path; returns %RH from Q22.10.
    private static double IntegerHumidity(Bme280Calibration c, int adcH, int tFine)
    {
        var x = tFine - 76800;
        var offset = (((adcH << 14) - (c.H4 << 20) - (c.H5 * x)) + 16384) >> 15;
        var gain = ((((((x * c.H6) >> 10) * (((x * c.H3) >> 11) + 32768)) >> 10) + 2097152) * c.H2 + 8192) >> 14;
        var v = offset * gain;
        v -= ((((v >> 15) * (v >> 15)) >> 7) * c.H1) >> 4;
        v = Math.Clamp(v, 0, 419430400);
        return (v >> 12) / 1024.0;
    }
}
