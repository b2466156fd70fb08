using AirMonitor.Sensors.Sgp40;
using AirMonitor.Sensors.Simulation;
using Sgp40Driver = AirMonitor.Sensors.Sgp40.Sgp40;

namespace AirMonitor.Sensors.Tests.Sgp40;

public sealed class Sgp40Tests : IDisposable
{
    private readonly SimulatedSensirionDevice _device = new(Sgp40Driver.DefaultI2cAddress);
    private readonly List<TimeSpan> _waits = [];
    private readonly Sgp40Driver _sgp40;

    public Sgp40Tests() => _sgp40 = new Sgp40Driver(_device) { Wait = _waits.Add };

    public void Dispose() => _sgp40.Dispose();

    [Fact]
    public void Uncompensated_measure_sends_260F_with_the_default_words_8000_6666_and_their_crcs_then_waits_30_ms()
    {
        _device.RespondBytes(0x260F, 0x75, 0x30, 0x08);

        _sgp40.TryMeasureRaw(null, null, out _);

        Assert.Equal([0x26, 0x0F, 0x80, 0x00, 0xA2, 0x66, 0x66, 0x93], _device.Writes.Single());
        Assert.Equal([TimeSpan.FromMilliseconds(30)], _waits);
    }

    [Fact]
    public void Compensated_measure_sends_35_percent_and_20_celsius_as_ticks_with_their_crcs()
    {
        // 35·65535/100 = 22 937.25 → 0x5999; (20+45)·65535/175 = 24 341.57 → 0x5F16.
        _device.RespondBytes(0x260F, 0x75, 0x30, 0x08);

        _sgp40.TryMeasureRaw(35, 20, out _);

        Assert.Equal([0x26, 0x0F, 0x59, 0x99, 0x14, 0x5F, 0x16, 0x1A], _device.Writes.Single());
    }

    [Theory]
    [InlineData(35.0, null)]
    [InlineData(null, 20.0)]
    [InlineData(double.NaN, 20.0)]
    public void Measure_with_only_one_of_humidity_and_temperature_is_uncompensated(double? humidity, double? temperature)
    {
        _device.RespondBytes(0x260F, 0x75, 0x30, 0x08);

        _sgp40.TryMeasureRaw(humidity, temperature, out _);

        Assert.Equal([0x26, 0x0F, 0x80, 0x00, 0xA2, 0x66, 0x66, 0x93], _device.Writes.Single());
    }

    [Theory]
    [InlineData(50.0, 0x8000)]
    [InlineData(0.0, 0x0000)]
    [InlineData(100.0, 0xFFFF)]
    [InlineData(120.0, 0xFFFF)]
    [InlineData(-5.0, 0x0000)]
    public void Humidity_ticks_are_percent_times_65535_over_100_clamped(double percent, int expected) =>
        Assert.Equal(expected, Sgp40Driver.HumidityTicks(percent));

    [Theory]
    [InlineData(25.0, 0x6666)]
    [InlineData(-45.0, 0x0000)]
    [InlineData(130.0, 0xFFFF)]
    [InlineData(22.0, 25091)]
    [InlineData(-60.0, 0x0000)]
    public void Temperature_ticks_are_celsius_plus_45_times_65535_over_175_clamped(double celsius, int expected) =>
        Assert.Equal(expected, Sgp40Driver.TemperatureTicks(celsius));

    [Fact]
    public void Raw_signal_is_the_answer_word()
    {
        _device.RespondBytes(0x260F, 0x75, 0x30, 0x08);

        Assert.True(_sgp40.TryMeasureRaw(null, null, out var raw));
        Assert.Equal(30_000, raw);
    }

    [Fact]
    public void Raw_signal_with_a_wrong_crc_gives_no_value()
    {
        _device.RespondBytes(0x260F, 0x75, 0x30, 0x09);

        Assert.False(_sgp40.TryMeasureRaw(null, null, out var raw));
        Assert.Equal(0, raw);
    }

    [Fact]
    public void Self_test_sends_280E_waits_320_ms_and_D400_is_a_pass()
    {
        _device.RespondBytes(0x280E, 0xD4, 0x00, 0xC6);

        Assert.True(_sgp40.TryRunSelfTest(out var result));

        Assert.Equal(Sgp40SelfTestResult.Passed, result);
        Assert.Equal([0x28, 0x0E], _device.Writes.Single());
        Assert.Equal([TimeSpan.FromMilliseconds(320)], _waits);
    }

    [Fact]
    public void Self_test_answer_4B00_is_a_fail()
    {
        _device.RespondBytes(0x280E, 0x4B, 0x00, 0x12);

        Assert.True(_sgp40.TryRunSelfTest(out var result));
        Assert.Equal(Sgp40SelfTestResult.Failed, result);
    }

    [Theory]
    [InlineData(new byte[] { 0xD4, 0x00, 0xC7 })]
    [InlineData(new byte[] { 0x00, 0x00, 0x81 })]
    public void Self_test_with_a_wrong_crc_or_an_unknown_pattern_gives_no_result(byte[] answer)
    {
        _device.RespondBytes(0x280E, answer);

        Assert.False(_sgp40.TryRunSelfTest(out _));
    }

    [Fact]
    public void Heater_off_sends_3615()
    {
        _sgp40.TurnHeaterOff();

        Assert.Equal([0x36, 0x15], _device.Writes.Single());
    }

    [Fact]
    public void Serial_number_is_the_three_words_high_first()
    {
        _device.RespondBytes(0x3682, 0x00, 0x00, 0x81, 0x0A, 0x5B, 0xFB, 0x3C, 0x21, 0x30);

        Assert.True(_sgp40.TryReadSerialNumber(out var serial));

        Assert.Equal(0x0000_0A5B_3C21UL, serial);
        Assert.Equal([0x36, 0x82], _device.Writes.Single());
    }

    [Fact]
    public void Serial_number_with_a_wrong_crc_gives_no_value()
    {
        _device.RespondBytes(0x3682, 0x00, 0x00, 0x81, 0x0A, 0x5B, 0xFA, 0x3C, 0x21, 0x30);

        Assert.False(_sgp40.TryReadSerialNumber(out _));
    }

    [Fact]
    public void Dispose_turns_the_heater_off_then_disposes_the_bus()
    {
        _sgp40.Dispose();

        Assert.Equal([0x36, 0x15], _device.Writes.Single());
        Assert.True(_device.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => _sgp40.TurnHeaterOff());
    }

    [Fact]
    public void Dispose_releases_the_bus_when_the_sensor_no_longer_answers()
    {
        _device.FailNext = new IOException("NACK");

        _sgp40.Dispose();

        Assert.True(_device.IsDisposed);
    }
}
