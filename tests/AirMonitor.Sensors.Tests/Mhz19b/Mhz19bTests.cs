using AirMonitor.Sensors.Simulation;

namespace AirMonitor.Sensors.Tests.Mhz19b;

using AirMonitor.Sensors.Mhz19b;

public sealed class Mhz19bTests
{
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(20);

    // The manual's example: read command FF 01 86 00 00 00 00 00 79, answer FF 86 02 20 00 00 00 00 58 = 544 ppm.
    private static readonly byte[] DatasheetAnswer = Convert.FromHexString("FF8602200000000058");

    [Fact]
    public void The_datasheet_answer_reads_544_ppm()
    {
        var (sensor, _) = Answering(DatasheetAnswer);

        Assert.True(sensor.TryReadCo2(out var co2, out _, out _));

        Assert.Equal(544, co2);
    }

    [Theory]
    [InlineData("FF0186000000000079", 0x79)]
    [InlineData("FF8602200000000058", 0x58)]
    [InlineData("FF0179A000000000E6", 0xE6)]
    public void The_checksum_matches_the_manuals_examples(string frameHex, byte expected)
    {
        Assert.Equal(expected, Mhz19bFrame.Checksum(Convert.FromHexString(frameHex)));
    }

    [Fact]
    public void A_read_sends_the_datasheet_read_command()
    {
        var (sensor, line) = Answering(DatasheetAnswer);

        sensor.TryReadCo2(out _, out _, out _);

        Assert.Equal("FF0186000000000079", Convert.ToHexString(Assert.Single(line.Writes)));
    }

    // Read and baseline-on bytes are the manual's examples; the others follow its layout and checksum formula.
    [Theory]
    [InlineData("zero", "FF0187000000000078")]
    [InlineData("span", "FF018807D0000000A0")]
    [InlineData("baseline on", "FF0179A000000000E6")]
    [InlineData("baseline off", "FF017900000000" + "0086")]
    public void Calibration_and_baseline_commands_are_the_datasheet_bytes(string command, string expectedHex)
    {
        var (sensor, line) = Answering();

        switch (command)
        {
            case "zero":
                sensor.CalibrateZeroPoint();
                break;
            case "span":
                sensor.CalibrateSpanPoint(2000);
                break;
            case "baseline on":
                sensor.SetAutomaticBaselineCorrection(true);
                break;
            case "baseline off":
                sensor.SetAutomaticBaselineCorrection(false);
                break;
        }

        Assert.Equal(expectedHex, Convert.ToHexString(Assert.Single(line.Writes)));
    }

    [Fact]
    public void A_span_outside_what_two_bytes_carry_is_refused()
    {
        var (sensor, _) = Answering();

        Assert.Throws<ArgumentOutOfRangeException>(() => sensor.CalibrateSpanPoint(70_000));
        Assert.Throws<ArgumentOutOfRangeException>(() => sensor.CalibrateSpanPoint(0));
    }

    [Fact]
    public void A_bad_checksum_is_no_value()
    {
        var (sensor, _) = Answering(Convert.FromHexString("FF8602200000000059"));

        Assert.False(sensor.TryReadCo2(out var co2, out var fault, out var detail));

        Assert.Equal(0, co2);
        Assert.Equal(SensorFault.ChecksumError, fault);
        Assert.Equal("answer FF8602200000000059: checksum should be 58", detail);
    }

    [Fact]
    public void An_answer_with_a_wrong_header_is_a_bad_frame()
    {
        var (sensor, _) = Answering(Convert.FromHexString("FF8702200000000057"));

        Assert.False(sensor.TryReadCo2(out _, out var fault, out var detail));

        Assert.Equal(SensorFault.BadFrame, fault);
        Assert.Equal("9 bytes without an FF 86 answer", detail);
    }

    [Fact]
    public void A_short_answer_is_a_timeout()
    {
        var (sensor, _) = Answering(DatasheetAnswer[..6]);

        Assert.False(sensor.TryReadCo2(out _, out var fault, out var detail));

        Assert.Equal(SensorFault.Timeout, fault);
        Assert.Equal("answer cut short after 6 of 9 bytes", detail);
    }

    [Fact]
    public void No_answer_is_a_timeout()
    {
        var (sensor, _) = Answering();

        Assert.False(sensor.TryReadCo2(out _, out var fault, out var detail));

        Assert.Equal(SensorFault.Timeout, fault);
        Assert.Equal("no answer within the read timeout", detail);
    }

    [Fact]
    public void Noise_and_a_broken_answer_before_the_answer_are_passed_over()
    {
        byte[] noise = [0x00, 0xFF, 0xFF, 0x79, 0x01, 0xFF];
        var (sensor, _) = Answering(noise, DatasheetAnswer[..4], DatasheetAnswer);

        // The broken answer's first 9 bytes run into the real one: a checksum error, then the real answer.
        Assert.False(sensor.TryReadCo2(out _, out var fault, out _));
        Assert.True(sensor.TryReadCo2(out var co2, out _, out _));

        Assert.Equal(SensorFault.ChecksumError, fault);
        Assert.Equal(544, co2);
    }

    [Fact]
    public void Noise_before_the_answer_is_passed_over()
    {
        var (sensor, _) = Answering([0x13, 0xFF, 0x00, 0x86], DatasheetAnswer);

        Assert.True(sensor.TryReadCo2(out var co2, out _, out _));

        Assert.Equal(544, co2);
    }

    [Fact]
    public void Dispose_closes_the_stream()
    {
        var (sensor, line) = Answering();

        sensor.Dispose();

        Assert.True(line.IsDisposed);
        Assert.Empty(line.Writes);
    }

    [Fact]
    public void The_simulated_sensor_answers_with_the_air_and_obeys_calibration_commands()
    {
        var air = new SimulatedAir { Co2Ppm = 1234.5 };
        using var simulated = new SimulatedMhz19b(air, ShortTimeout);
        using var sensor = new Mhz19b(simulated);

        Assert.True(sensor.TryReadCo2(out var co2, out _, out _));
        sensor.CalibrateZeroPoint();
        sensor.CalibrateSpanPoint(2000);
        sensor.SetAutomaticBaselineCorrection(false);

        Assert.Equal(1235, co2);
        Assert.Equal(1, simulated.ZeroCalibrations);
        Assert.Equal([2000], simulated.SpanCalibrationsPartsPerMillion);
        Assert.False(simulated.AutomaticBaselineCorrection);
    }

    private static (Mhz19b Sensor, SimulatedSerialStream Line) Answering(params byte[][] chunks)
    {
        var line = new SimulatedSerialStream(ShortTimeout);
        foreach (var chunk in chunks)
        {
            line.Enqueue(chunk);
        }

        return (new Mhz19b(line), line);
    }
}
