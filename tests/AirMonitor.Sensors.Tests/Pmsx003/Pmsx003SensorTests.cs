using AirMonitor.Core.Metrics;
using AirMonitor.Sensors.Simulation;

namespace AirMonitor.Sensors.Tests.Pmsx003;

using AirMonitor.Sensors.Pmsx003;

public sealed class Pmsx003SensorTests
{
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(20);

    private static readonly SimulatedAir Air = new()
    {
        Pm1_0MicrogramsPerCubicMeter = 8.4,
        Pm2_5MicrogramsPerCubicMeter = 35.5,
        Pm10MicrogramsPerCubicMeter = 50.49,
    };

    [Fact]
    public void The_sensor_reports_the_air_as_whole_micrograms_under_the_canonical_pm_metrics()
    {
        using var simulated = new SimulatedPmsx003(Air, ShortTimeout);
        using var sensor = new Pmsx003Sensor(new Pmsx003(simulated), "pms5003");
        sensor.Start();

        var reading = sensor.Read();

        // CF=1 PM2.5 of 35.5 µg/m³ atmospheric: 1.5 × 35.5 − 15 = 38.25.
        Assert.True(reading.IsValid, reading.Detail);
        Assert.Equal(
            new Dictionary<string, double>
            {
                [MetricVocabulary.Pm1_0] = 8, [MetricVocabulary.Pm2_5] = 36, [MetricVocabulary.Pm10] = 50, [MetricVocabulary.Pm2_5Cf1] = 38,
            },
            reading.Values);
    }

    [Fact]
    public void Pm2_5_cf1_is_the_frames_cf1_word_and_pm2_5_its_atmospheric_word()
    {
        using var line = new SimulatedSerialStream(ShortTimeout);
        using var sensor = new Pmsx003Sensor(new Pmsx003(line), "pms5003");
        line.Enqueue(PlantowerFrames.PassiveModeAcknowledgement);
        sensor.Start();
        line.Enqueue(PlantowerFrames.Hazy);

        var reading = sensor.Read();

        Assert.True(reading.IsValid, reading.Detail);
        Assert.Equal(
            new Dictionary<string, double>
            {
                [MetricVocabulary.Pm1_0] = 25, [MetricVocabulary.Pm2_5] = 30, [MetricVocabulary.Pm10] = 34, [MetricVocabulary.Pm2_5Cf1] = 42,
            },
            reading.Values);
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(12.4, 12, 12)]
    [InlineData(30, 30, 30)]
    [InlineData(40, 40, 45)]
    [InlineData(151.7, 152, 213)]
    public void The_simulated_cf1_value_equals_the_atmospheric_one_up_to_30_and_is_higher_above(double air, double atmospheric, double cf1)
    {
        var model = new SimulatedAir { Pm2_5MicrogramsPerCubicMeter = air };
        using var sensor = new Pmsx003Model().CreateSimulated(new SensorConnection("pms5003"), model);
        sensor.Start();

        var reading = sensor.Read();

        Assert.Equal(atmospheric, reading.Values[MetricVocabulary.Pm2_5]);
        Assert.Equal(cf1, reading.Values[MetricVocabulary.Pm2_5Cf1]);
    }

    [Fact]
    public void Start_wakes_the_sensor_and_sets_passive_mode_so_each_read_asks_for_one_frame()
    {
        using var simulated = new SimulatedPmsx003(Air, ShortTimeout) { IsAsleep = true };
        using var sensor = new Pmsx003Sensor(new Pmsx003(simulated), "pms5003");

        sensor.Start();
        sensor.Read();
        sensor.Read();

        Assert.Equal(["424DE400010174", "424DE100000170", "424DE200000171", "424DE200000171"], simulated.Writes.Select(Convert.ToHexString));
        Assert.Equal(Pmsx003Mode.Passive, simulated.Mode);
        Assert.Equal(2, simulated.FramesSent);
    }

    [Fact]
    public void The_reading_follows_the_air()
    {
        var air = new SimulatedAir { Pm2_5MicrogramsPerCubicMeter = 5 };
        using var sensor = new Pmsx003Model().CreateSimulated(new SensorConnection("pms7003"), air);
        sensor.Start();
        var before = sensor.Read();

        air.Pm2_5MicrogramsPerCubicMeter = 151.7;
        var after = sensor.Read();

        Assert.Equal(5, before.Values[MetricVocabulary.Pm2_5]);
        Assert.Equal(152, after.Values[MetricVocabulary.Pm2_5]);
    }

    [Fact]
    public void A_corrupted_frame_is_a_checksum_error_and_the_next_read_is_valid()
    {
        using var simulated = new SimulatedPmsx003(Air, ShortTimeout);
        using var sensor = new Pmsx003Sensor(new Pmsx003(simulated), "pms5003");
        sensor.Start();

        simulated.CorruptNextFrame = true;
        var corrupt = sensor.Read();
        var next = sensor.Read();

        Assert.Equal(SensorFault.ChecksumError, corrupt.Fault);
        Assert.Empty(corrupt.Values);
        Assert.Equal(36, next.Values[MetricVocabulary.Pm2_5]);
    }

    [Fact]
    public void A_silent_sensor_is_a_timeout()
    {
        using var simulated = new SimulatedPmsx003(Air, ShortTimeout);
        using var sensor = new Pmsx003Sensor(new Pmsx003(simulated), "pms5003");
        sensor.Start();
        simulated.IsAsleep = true;

        var reading = sensor.Read();

        Assert.Equal(SensorFault.Timeout, reading.Fault);
    }

    [Fact]
    public void Without_passive_mode_acknowledged_streamed_frames_are_not_taken_as_readings()
    {
        using var line = new SimulatedSerialStream(ShortTimeout);
        line.Enqueue(PlantowerFrames.Concat(PlantowerFrames.Indoor, PlantowerFrames.Hazy));
        using var sensor = new Pmsx003Sensor(new Pmsx003(line), "pms5003");
        sensor.Start();
        line.Enqueue(PlantowerFrames.Indoor);

        var reading = sensor.Read();

        Assert.Equal(SensorFault.Timeout, reading.Fault);
        Assert.Equal("pms5003 did not acknowledge passive mode", reading.Detail);
    }

    [Fact]
    public void A_failing_port_is_a_bus_error()
    {
        using var simulated = new SimulatedPmsx003(Air, ShortTimeout);
        using var sensor = new Pmsx003Sensor(new Pmsx003(simulated), "pms5003");
        sensor.Start();
        simulated.FailNext = new IOException("Input/output error");

        var reading = sensor.Read();

        Assert.Equal(SensorFault.BusError, reading.Fault);
        Assert.Equal("Input/output error", reading.Detail);
    }

    [Fact]
    public void Disposing_the_sensor_puts_it_to_sleep_and_closes_the_port()
    {
        using var simulated = new SimulatedPmsx003(Air, ShortTimeout);
        var sensor = new Pmsx003Sensor(new Pmsx003(simulated), "pms5003");
        sensor.Start();

        sensor.Dispose();

        Assert.True(simulated.IsAsleep);
        Assert.True(simulated.IsDisposed);
    }

    [Fact]
    public void The_family_serves_the_four_plantower_models_with_a_30_second_warm_up()
    {
        var model = new Pmsx003Model();

        Assert.Equal(["pms5003", "pms7003", "pmsa003", "pmsa003i"], model.Names);
        foreach (var name in model.Names)
        {
            using var sensor = model.CreateSimulated(new SensorConnection(name), Air);
            Assert.Equal(name, sensor.Model);
            Assert.Equal(TimeSpan.FromSeconds(30), sensor.WarmUp);
        }
    }

    [Fact]
    public void Creating_a_uart_model_without_a_port_names_the_model()
    {
        var error = Assert.Throws<ArgumentException>(() => new Pmsx003Model().Create(new SensorConnection("pms7003")));

        Assert.StartsWith("pms7003: a serial port is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Creating_a_model_outside_the_family_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new Pmsx003Model().CreateSimulated(new SensorConnection("pms3003"), Air));

        Assert.StartsWith("pms3003: not a Plantower model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_i2c_variant_reads_the_same_frame_from_address_0x12()
    {
        var device = new SimulatedPmsa003i(Air);
        using var sensor = new Pmsa003iSensor(new Pmsa003i(device), "pmsa003i");
        sensor.Start();

        var reading = sensor.Read();

        Assert.Equal(0x12, device.ConnectionSettings.DeviceAddress);
        Assert.Equal(36, reading.Values[MetricVocabulary.Pm2_5]);
        Assert.Equal(50, reading.Values[MetricVocabulary.Pm10]);
        Assert.Equal(38, reading.Values[MetricVocabulary.Pm2_5Cf1]);
    }

    [Fact]
    public void The_i2c_variant_gives_no_value_for_a_corrupted_frame_or_a_failing_bus()
    {
        var device = new SimulatedPmsa003i(Air) { CorruptNextFrame = true };
        using var sensor = new Pmsa003iSensor(new Pmsa003i(device), "pmsa003i");

        var corrupt = sensor.Read();
        device.FailNext = new IOException("Remote I/O error");
        var failed = sensor.Read();

        Assert.Equal(SensorFault.ChecksumError, corrupt.Fault);
        Assert.Equal(SensorFault.BusError, failed.Fault);
    }

    [Fact]
    public void The_i2c_variant_reads_a_hand_built_datasheet_frame()
    {
        var device = new FrameI2cDevice(PlantowerFrames.Indoor);
        using var sensor = new Pmsa003i(device);

        Assert.True(sensor.TryReadMeasurement(out var m, out _, out _));

        Assert.Equal(18, m.Pm2_5StandardMicrogramsPerCubicMeter);
        Assert.Equal(16, m.Pm2_5AtmosphericMicrogramsPerCubicMeter);
    }

    private sealed class FrameI2cDevice(byte[] frame) : SimulatedI2cDevice(0x12)
    {
        protected override void OnWrite(ReadOnlySpan<byte> buffer)
        {
        }

        protected override void OnRead(Span<byte> buffer) => frame.CopyTo(buffer);
    }
}
