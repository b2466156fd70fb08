using AirMonitor.Sensors.Scd4x;
using AirMonitor.Sensors.Simulation;
using Scd4xDriver = AirMonitor.Sensors.Scd4x.Scd4x;

namespace AirMonitor.Sensors.Tests.Scd4x;

public sealed class Scd4xTests : IDisposable
{
    private readonly SimulatedSensirionDevice _device = new(Scd4xDriver.DefaultI2cAddress);
    private readonly List<TimeSpan> _waits = [];
    private readonly Scd4xDriver _scd4x;

    public Scd4xTests()
    {
        _scd4x = new Scd4xDriver(_device) { Wait = _waits.Add };
        _device.Respond(0xE4B8, () => [0x8006]);
    }

    [Theory]
    [InlineData("periodic", new byte[] { 0x21, 0xB1 }, 0)]
    [InlineData("low power", new byte[] { 0x21, 0xAC }, 0)]
    [InlineData("stop", new byte[] { 0x3F, 0x86 }, 500)]
    [InlineData("single shot", new byte[] { 0x21, 0x9D }, 5000)]
    [InlineData("persist", new byte[] { 0x36, 0x15 }, 800)]
    [InlineData("reinit", new byte[] { 0x36, 0x46 }, 20)]
    public void Commands_without_answer_are_the_datasheet_bytes_and_waits(string command, byte[] expected, int waitMilliseconds)
    {
        Action send = command switch
        {
            "periodic" => _scd4x.StartPeriodicMeasurement,
            "low power" => _scd4x.StartLowPowerPeriodicMeasurement,
            "stop" => _scd4x.StopPeriodicMeasurement,
            "single shot" => _scd4x.MeasureSingleShot,
            "persist" => _scd4x.PersistSettings,
            _ => _scd4x.Reinit,
        };

        send();

        Assert.Equal(expected, _device.Writes.Single());
        Assert.Equal(waitMilliseconds == 0 ? [] : [TimeSpan.FromMilliseconds(waitMilliseconds)], _waits);
    }

    [Fact]
    public void Read_measurement_decodes_the_datasheet_example()
    {
        // Datasheet example: 0x01F4 → 500 ppm, 0x6667 → 25 °C, 0x5EB9 → 37 %RH, each word with its CRC.
        _device.RespondBytes(0xEC05, 0x01, 0xF4, 0x33, 0x66, 0x67, 0xA2, 0x5E, 0xB9, 0x3C);

        Assert.True(_scd4x.TryReadMeasurement(out var measurement, out var fault));

        Assert.Null(fault);
        Assert.Equal(500, measurement.Co2Ppm);
        Assert.Equal(25.0, measurement.TemperatureCelsius, 0.01);
        Assert.Equal(37.0, measurement.HumidityPercent, 0.01);
        Assert.Equal([[0xE4, 0xB8], [0xEC, 0x05]], _device.Writes);
        Assert.Equal([TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1)], _waits);
    }

    [Fact]
    public void Conversion_spans_the_datasheet_range_at_the_extreme_words()
    {
        _device.Respond(0xEC05, () => [40_000, 0xFFFF, 0x0000]);

        Assert.True(_scd4x.TryReadMeasurement(out var measurement, out _));

        Assert.Equal(new Scd4xMeasurement(40_000, 130.0, 0.0), measurement);
    }

    [Theory]
    [InlineData(0x8006, true)]
    [InlineData(0x0001, true)]
    [InlineData(0x07FF, true)]
    [InlineData(0x8000, false)]
    [InlineData(0xF800, false)]
    [InlineData(0x0000, false)]
    public void Data_ready_is_any_of_the_low_eleven_bits(int word, bool ready)
    {
        _device.Respond(0xE4B8, () => [(ushort)word]);

        Assert.True(_scd4x.TryReadDataReady(out var isReady));
        Assert.Equal(ready, isReady);
    }

    [Fact]
    public void No_new_data_is_not_ready_and_the_read_the_sensor_would_nack_is_not_sent()
    {
        _device.Respond(0xE4B8, () => [0x8000]);

        Assert.False(_scd4x.TryReadMeasurement(out var measurement, out var fault));

        Assert.Null(measurement);
        Assert.Equal(SensorFault.NotReady, fault);
        Assert.DoesNotContain((ushort)0xEC05, _device.CommandsReceived);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void A_crc_mismatch_in_any_measured_word_gives_no_value(int word)
    {
        _device.Respond(0xEC05, () => [500, 0x6667, 0x5EB9]);

        // The data-ready answer comes first: it arms the corruption of the measurement read after it.
        _device.Respond(0xE4B8, () =>
        {
            _device.CorruptNextCrc(word);
            return [0x8006];
        });

        Assert.False(_scd4x.TryReadMeasurement(out var measurement, out var fault));

        Assert.Null(measurement);
        Assert.Equal(SensorFault.CrcError, fault);
    }

    [Fact]
    public void A_crc_mismatch_in_the_data_ready_word_gives_no_value()
    {
        _device.CorruptNextCrc();

        Assert.False(_scd4x.TryReadMeasurement(out _, out var fault));

        Assert.Equal(SensorFault.CrcError, fault);
    }

    [Fact]
    public void Ambient_pressure_is_sent_in_whole_hectopascals_with_its_crc()
    {
        _scd4x.SetAmbientPressure(1008.2);

        Assert.Equal([0xE0, 0x00, 0x03, 0xF0, 0x2E], _device.Writes.Single());
        Assert.Equal([TimeSpan.FromMilliseconds(1)], _waits);
    }

    [Theory]
    [InlineData(699.4)]
    [InlineData(1200.5)]
    public void Ambient_pressure_outside_the_datasheet_range_is_refused_before_the_bus(double hectopascals)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _scd4x.SetAmbientPressure(hectopascals));
        Assert.Empty(_device.Writes);
    }

    [Fact]
    public void Forced_recalibration_matches_the_datasheet_example()
    {
        // Datasheet: target 480 ppm is written as 0x01E0 with CRC 0xB4; the answer 0x7FCE (CRC 0x7B) is −50 ppm.
        _device.RespondBytes(0x362F, 0x7F, 0xCE, 0x7B);

        Assert.True(_scd4x.TryPerformForcedRecalibration(480, out var correction));

        Assert.Equal(-50, correction);
        Assert.Equal([0x36, 0x2F, 0x01, 0xE0, 0xB4], _device.Writes.Single());
        Assert.Equal([TimeSpan.FromMilliseconds(400)], _waits);
    }

    [Fact]
    public void Forced_recalibration_reported_as_failed_is_false()
    {
        _device.Respond(0x362F, () => [0xFFFF]);

        Assert.False(_scd4x.TryPerformForcedRecalibration(420, out var correction));
        Assert.Equal(0, correction);
    }

    [Fact]
    public void Serial_number_is_the_three_words_as_48_bits()
    {
        _device.Respond(0x3682, () => [0x1234, 0x5678, 0x9ABC]);

        Assert.True(_scd4x.TryReadSerialNumber(out var serial));

        Assert.Equal(0x1234_5678_9ABCUL, serial);
        Assert.Equal([0x36, 0x82], _device.Writes.Single());
    }

    [Fact]
    public void Single_shot_gives_one_measurement_then_no_new_data()
    {
        var device = new SimulatedScd4x(new SimulatedAir { Co2Ppm = 812 });
        using var scd41 = new Scd4xDriver(device) { Wait = _ => { } };

        scd41.MeasureSingleShot();

        Assert.True(scd41.TryReadMeasurement(out var measurement, out _));
        Assert.Equal(812, measurement.Co2Ppm);
        Assert.False(scd41.TryReadMeasurement(out _, out var fault));
        Assert.Equal(SensorFault.NotReady, fault);
    }

    [Fact]
    public void Dispose_stops_periodic_measurement_waits_then_disposes_the_bus()
    {
        _scd4x.Dispose();

        Assert.Equal([0x3F, 0x86], _device.Writes.Single());
        Assert.Equal([TimeSpan.FromMilliseconds(500)], _waits);
        Assert.True(_device.IsDisposed);
        Assert.Throws<ObjectDisposedException>(_scd4x.StartPeriodicMeasurement);
    }

    public void Dispose() => _scd4x.Dispose();
}
