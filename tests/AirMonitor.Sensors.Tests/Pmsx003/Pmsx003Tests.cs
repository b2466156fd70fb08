using AirMonitor.Sensors.Simulation;

namespace AirMonitor.Sensors.Tests.Pmsx003;

using AirMonitor.Sensors.Pmsx003;

public sealed class Pmsx003Tests
{
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(20);

    [Fact]
    public void A_streamed_frame_reads_as_its_measurement()
    {
        var (sensor, _) = Receiving(PlantowerFrames.Indoor);

        Assert.True(sensor.TryReadMeasurement(out var m, out _, out _));

        Assert.Equal(16, m.Pm2_5AtmosphericMicrogramsPerCubicMeter);
        Assert.Equal(18, m.Pm2_5StandardMicrogramsPerCubicMeter);
    }

    [Fact]
    public void A_stream_starting_mid_frame_resynchronises_on_the_next_frame()
    {
        var tail = PlantowerFrames.Indoor[19..];
        var (sensor, _) = Receiving(tail, PlantowerFrames.Hazy);

        Assert.True(sensor.TryReadMeasurement(out var m, out _, out _));

        Assert.Equal(30, m.Pm2_5AtmosphericMicrogramsPerCubicMeter);
    }

    [Fact]
    public void Garbage_and_false_starts_before_a_frame_are_passed_over()
    {
        byte[] garbage = [0x00, 0xFF, 0x42, 0x42, 0x4D, 0x00, 0x4D, 0x13, 0x42];
        var (sensor, _) = Receiving(garbage, PlantowerFrames.Hazy, PlantowerFrames.Indoor);

        Assert.True(sensor.TryReadMeasurement(out var first, out _, out _));
        Assert.True(sensor.TryReadMeasurement(out var second, out _, out _));

        Assert.Equal(30, first.Pm2_5AtmosphericMicrogramsPerCubicMeter);
        Assert.Equal(16, second.Pm2_5AtmosphericMicrogramsPerCubicMeter);
    }

    [Fact]
    public void A_command_acknowledgement_in_the_stream_is_passed_over()
    {
        var (sensor, _) = Receiving(PlantowerFrames.PassiveModeAcknowledgement, PlantowerFrames.Indoor);

        Assert.True(sensor.TryReadMeasurement(out var m, out _, out _));

        Assert.Equal(10, m.Pm1_0AtmosphericMicrogramsPerCubicMeter);
    }

    [Fact]
    public void A_bad_checksum_is_no_value_and_the_next_good_frame_still_reads()
    {
        var corrupt = PlantowerFrames.With(PlantowerFrames.Indoor, 31, 0x64);
        var (sensor, _) = Receiving(corrupt, PlantowerFrames.Hazy);

        Assert.False(sensor.TryReadMeasurement(out var none, out var fault, out _));
        Assert.Null(none);
        Assert.Equal(SensorFault.ChecksumError, fault);

        Assert.True(sensor.TryReadMeasurement(out var next, out _, out _));
        Assert.Equal(34, next.Pm10AtmosphericMicrogramsPerCubicMeter);
    }

    [Fact]
    public void A_wrong_length_word_is_a_bad_frame()
    {
        var (sensor, _) = Receiving(PlantowerFrames.With(PlantowerFrames.Indoor, 3, 0x14));

        Assert.False(sensor.TryReadMeasurement(out _, out var fault, out var detail));

        Assert.Equal(SensorFault.BadFrame, fault);
        Assert.Equal("length word 20 (expected 28)", detail);
    }

    [Fact]
    public void A_truncated_frame_is_a_timeout_and_the_following_frame_still_reads()
    {
        var (sensor, line) = Receiving(PlantowerFrames.Indoor[..20]);

        Assert.False(sensor.TryReadMeasurement(out _, out var fault, out var detail));
        Assert.Equal(SensorFault.Timeout, fault);
        Assert.Equal("frame cut short after 20 bytes", detail);

        line.Enqueue(PlantowerFrames.Hazy);
        Assert.True(sensor.TryReadMeasurement(out var next, out _, out _));
        Assert.Equal(25, next.Pm1_0AtmosphericMicrogramsPerCubicMeter);
    }

    [Fact]
    public void No_bytes_within_the_read_timeout_is_a_timeout()
    {
        var (sensor, _) = Receiving();

        Assert.False(sensor.TryReadMeasurement(out _, out var fault, out var detail));

        Assert.Equal(SensorFault.Timeout, fault);
        Assert.Equal("no bytes within the read timeout", detail);
    }

    [Fact]
    public void Only_noise_is_a_bad_frame_not_a_timeout()
    {
        var (sensor, _) = Receiving([0x01, 0x02, 0x03, 0x04, 0x05]);

        Assert.False(sensor.TryReadMeasurement(out _, out var fault, out var detail));

        Assert.Equal(SensorFault.BadFrame, fault);
        Assert.Equal("4 bytes without a 42 4D frame start", detail);
    }

    [Fact]
    public void Endless_noise_gives_up_after_three_frames_worth_of_bytes()
    {
        var (sensor, line) = Receiving(new byte[1000]);

        Assert.False(sensor.TryReadMeasurement(out _, out var fault, out _));

        Assert.Equal(SensorFault.BadFrame, fault);
        Assert.Equal(1000 - 96 - 2, line.PendingBytes);
    }

    [Fact]
    public void Setting_passive_mode_discards_frames_streamed_before_the_acknowledgement()
    {
        var air = new SimulatedAir { Pm2_5MicrogramsPerCubicMeter = 40 };
        using var simulated = new SimulatedPmsx003(air, ShortTimeout);
        using var sensor = new Pmsx003(simulated);
        simulated.Enqueue(PlantowerFrames.Indoor);

        Assert.True(sensor.SetMode(Pmsx003Mode.Passive));
        sensor.RequestMeasurement();
        Assert.True(sensor.TryReadMeasurement(out var m, out _, out _));

        Assert.Equal(Pmsx003Mode.Passive, simulated.Mode);
        Assert.Equal(40, m.Pm2_5AtmosphericMicrogramsPerCubicMeter);
    }

    [Fact]
    public void Setting_a_mode_that_is_never_acknowledged_returns_false()
    {
        var (sensor, _) = Receiving(PlantowerFrames.Indoor, PlantowerFrames.Hazy);

        Assert.False(sensor.SetMode(Pmsx003Mode.Passive));
    }

    [Fact]
    public void In_passive_mode_a_frame_comes_only_when_requested()
    {
        using var simulated = new SimulatedPmsx003(new SimulatedAir(), ShortTimeout);
        using var sensor = new Pmsx003(simulated);
        sensor.SetMode(Pmsx003Mode.Passive);

        Assert.False(sensor.TryReadMeasurement(out _, out var fault, out _));
        Assert.Equal(SensorFault.Timeout, fault);

        sensor.RequestMeasurement();
        Assert.True(sensor.TryReadMeasurement(out _, out _, out _));
        Assert.Equal(1, simulated.FramesSent);
    }

    [Fact]
    public void Asleep_the_sensor_sends_nothing_until_woken()
    {
        using var simulated = new SimulatedPmsx003(new SimulatedAir(), ShortTimeout);
        using var sensor = new Pmsx003(simulated);

        sensor.Sleep();
        Assert.False(sensor.TryReadMeasurement(out _, out var fault, out _));
        Assert.Equal(SensorFault.Timeout, fault);
        Assert.True(simulated.IsAsleep);

        sensor.WakeUp();
        Assert.True(sensor.TryReadMeasurement(out _, out _, out _));
    }

    [Fact]
    public void Dispose_puts_the_sensor_to_sleep_then_closes_the_stream()
    {
        using var simulated = new SimulatedPmsx003(new SimulatedAir(), ShortTimeout);
        var sensor = new Pmsx003(simulated);

        sensor.Dispose();

        Assert.Equal("424DE400000173", Convert.ToHexString(simulated.Writes[^1]));
        Assert.True(simulated.IsAsleep);
        Assert.True(simulated.IsDisposed);
    }

    [Fact]
    public void Dispose_closes_the_stream_even_when_the_sleep_command_fails()
    {
        using var line = new SimulatedSerialStream(ShortTimeout) { FailNext = new IOException("device unplugged") };
        var sensor = new Pmsx003(line);

        sensor.Dispose();

        Assert.True(line.IsDisposed);
    }

    [Fact]
    public void A_failing_port_propagates_as_an_io_exception()
    {
        var (sensor, line) = Receiving(PlantowerFrames.Indoor);
        line.FailNext = new IOException("device unplugged");

        Assert.Throws<IOException>(() => sensor.TryReadMeasurement(out _, out _, out _));
    }

    private static (Pmsx003 Sensor, SimulatedSerialStream Line) Receiving(params byte[][] chunks)
    {
        var line = new SimulatedSerialStream(ShortTimeout);
        foreach (var chunk in chunks)
        {
            line.Enqueue(chunk);
        }

        return (new Pmsx003(line), line);
    }
}
